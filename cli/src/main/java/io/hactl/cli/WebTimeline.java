package io.hactl.cli;

import io.hactl.history.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the failovers and relocations in the event history (a relocation: the old owner stopped
 * gracefully with no failure recorded, and the new owner did not fence) and splits each into the
 * phases the web view draws to scale: {@code stop} (the old owner's graceful stop), {@code
 * detection} (from the old owner's first sign of trouble, or the end of its stop, to the new
 * owner's ownership write), {@code fencing} and {@code mount+start} (the new owner's STARTING to
 * RUNNING; the history does not tell the mount from the daemon's start). Times are the recording
 * nodes' clocks. A move whose old owner recorded nothing (a crashed node) has no detection phase:
 * the history cannot say when the failure began. A move still under way ends at {@code nowMillis}
 * and is marked live.
 */
final class WebTimeline {
  private static final Pattern TRANSITION =
      Pattern.compile("([A-Z_]+) -> ([A-Z_]+) \\(epoch (\\d+)\\): (.*)", Pattern.DOTALL);

  private WebTimeline() {}

  /** One drawn interval. */
  record Phase(String name, long startMillis, long endMillis) {}

  /** One move of a service from one node to another. */
  record Move(
      String service,
      String kind,
      String from,
      String to,
      long startMillis,
      long endMillis,
      boolean live,
      List<Phase> phases) {}

  private record Step(long at, String node, String from, String to, String reason) {}

  /** The moves in {@code events} (oldest first), newest last, at most {@code max}. */
  static List<Move> moves(List<HistoryEvent> events, long nowMillis, int max) {
    Map<String, List<HistoryEvent>> byService = new LinkedHashMap<>();
    for (HistoryEvent e : events) {
      if (e.service() != null) {
        byService.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(e);
      }
    }
    List<Move> out = new ArrayList<>();
    byService.forEach((s, list) -> out.addAll(movesOf(s, list, nowMillis)));
    out.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
    return out.subList(Math.max(0, out.size() - max), out.size());
  }

  private static List<Move> movesOf(String service, List<HistoryEvent> events, long now) {
    List<Move> out = new ArrayList<>();
    String owner = null; // the node last seen RUNNING
    long trouble = -1; // when that owner first showed trouble after it was RUNNING
    long stopBegan = -1;
    long stopEnded = -1;
    boolean planned = false;
    boolean failed = false;
    Pending p = null;
    for (HistoryEvent e : events) {
      Optional<Step> step = step(e);
      if (owner != null && e.node().equals(owner) && (p == null || !p.node.equals(owner))) {
        if (trouble < 0 && !(step.isPresent() && step.get().to().equals("RUNNING"))) {
          trouble = e.timeMillis();
        }
        if (step.isPresent() && step.get().to().equals("STOPPING")) {
          stopBegan = e.timeMillis();
          planned = true;
        }
        if (step.isPresent() && step.get().to().equals("OFFLINE") && stopBegan >= 0) {
          stopEnded = e.timeMillis();
        }
        if (e.kind().equals("failure") || e.kind().equals("error")) {
          failed = true;
        }
      }
      if (step.isEmpty()) {
        continue;
      }
      Step st = step.get();
      if (st.to().equals("ACQUIRING") && owner != null && !st.node().equals(owner)) {
        p =
            new Pending(
                st.node(), st.at(), owner, trouble, stopBegan, stopEnded, planned && !failed);
      } else if (p != null && st.node().equals(p.node)) {
        p.saw(st);
        if (st.to().equals("RUNNING")) {
          out.add(p.move(service, st.at(), false));
          p = null;
        } else if (st.to().equals("OFFLINE")) {
          p = null; // lost the race or gave up: no move
        }
      }
      if (st.to().equals("RUNNING")) {
        owner = st.node();
        trouble = -1;
        stopBegan = -1;
        stopEnded = -1;
        planned = false;
        failed = false;
      }
    }
    if (p != null) {
      out.add(p.move(service, now, true));
    }
    return out;
  }

  /** A move whose new owner has written its ownership but is not RUNNING yet. */
  private static final class Pending {
    final String node;
    final long acquired;
    final String from;
    final long trouble;
    final long stopBegan;
    final long stopEnded;
    final boolean relocation;
    long fencing = -1;
    long starting = -1;

    Pending(
        String node,
        long acquired,
        String from,
        long trouble,
        long stopBegan,
        long stopEnded,
        boolean relocation) {
      this.node = node;
      this.acquired = acquired;
      this.from = from;
      this.trouble = trouble;
      this.stopBegan = stopBegan;
      this.stopEnded = stopEnded;
      this.relocation = relocation;
    }

    void saw(Step st) {
      if (st.to().equals("FENCING") && fencing < 0) {
        fencing = st.at();
      }
      if (st.to().equals("STARTING")) {
        starting = st.at();
      }
    }

    Move move(String service, long end, boolean live) {
      List<Phase> phases = new ArrayList<>();
      long detectFrom = trouble;
      if (stopBegan >= 0) {
        long stopEnd = stopEnded >= 0 ? stopEnded : acquired;
        phases.add(new Phase("stop", stopBegan, stopEnd));
        detectFrom = stopEnd;
      }
      if (detectFrom >= 0 && detectFrom <= acquired) {
        phases.add(new Phase("detection", detectFrom, acquired));
      }
      long startAt = starting >= 0 ? starting : end;
      if (fencing >= 0) {
        phases.add(new Phase("fencing", fencing, startAt));
      }
      if (starting >= 0) {
        phases.add(new Phase("mount+start", starting, end));
      }
      long begin = phases.isEmpty() ? acquired : phases.get(0).startMillis();
      String kind = relocation && fencing < 0 ? "relocation" : "failover";
      return new Move(service, kind, from, node, begin, end, live, List.copyOf(phases));
    }
  }

  private static Optional<Step> step(HistoryEvent e) {
    if (!"transition".equals(e.kind()) || e.message() == null) {
      return Optional.empty();
    }
    Matcher m = TRANSITION.matcher(e.message());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Step(e.timeMillis(), e.node(), m.group(1), m.group(2), m.group(4)));
  }
}
