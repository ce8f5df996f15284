package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DESIGN rule 7 from outside, on the heartbeat file: epochs never go backwards in file order; no
 * heartbeat of epoch e is stamped after one of a later epoch (a stale owner still writing); an
 * epoch belongs to one node; and nothing was written into the bare mountpoint. Each broken rule is
 * reported once per daemon (pid) or epoch, not once per line.
 */
final class HeartbeatCheck {
  private HeartbeatCheck() {}

  static List<Violation> check(Timeline t) {
    List<Violation> out = new ArrayList<>();
    out.addAll(regressions(t));
    out.addAll(shared(t));
    out.addAll(stale(t));
    for (String f : t.strayFiles()) {
      out.add(
          new Violation(
              Violation.Kind.WRITE_OUTSIDE_SPOOL, t.end(), "file in the bare mountpoint: " + f));
    }
    return out;
  }

  /** Lines whose epoch is smaller than that of an earlier line. */
  private static List<Violation> regressions(Timeline t) {
    List<Violation> out = new ArrayList<>();
    Heartbeat max = null;
    Set<Long> reported = new HashSet<>();
    for (Heartbeat h : t.heartbeats()) {
      if (max != null && h.epoch() < max.epoch() && reported.add(h.pid())) {
        out.add(
            new Violation(
                Violation.Kind.EPOCH_REGRESSION,
                h.nanos(),
                String.format(
                    "line %d (%s, epoch %d) follows line %d (%s, epoch %d)",
                    h.line(), h.node(), h.epoch(), max.line(), max.node(), max.epoch())));
      }
      if (max == null || h.epoch() > max.epoch()) {
        max = h;
      }
    }
    return out;
  }

  /** Epochs written from more than one node. */
  private static List<Violation> shared(Timeline t) {
    List<Violation> out = new ArrayList<>();
    Map<Long, String> owners = new HashMap<>();
    Set<Long> reported = new HashSet<>();
    for (Heartbeat h : t.heartbeats()) {
      String owner = owners.putIfAbsent(h.epoch(), h.node());
      if (owner != null && !owner.equals(h.node()) && reported.add(h.epoch())) {
        out.add(
            new Violation(
                Violation.Kind.EPOCH_SHARED,
                h.nanos(),
                String.format(
                    "epoch %d written by %s (line %d) and earlier by %s",
                    h.epoch(), h.node(), h.line(), owner)));
      }
    }
    return out;
  }

  /** Heartbeats stamped after the first heartbeat of any later epoch; once per daemon. */
  private static List<Violation> stale(Timeline t) {
    Map<Long, Long> firstStamp = new HashMap<>();
    for (Heartbeat h : t.heartbeats()) {
      firstStamp.merge(h.epoch(), h.nanos(), Math::min);
    }
    List<Violation> out = new ArrayList<>();
    Set<Long> reported = new HashSet<>();
    for (Heartbeat h : t.heartbeats()) {
      for (Map.Entry<Long, Long> later : firstStamp.entrySet()) {
        if (later.getKey() > h.epoch() && h.nanos() > later.getValue() && reported.add(h.pid())) {
          out.add(
              new Violation(
                  Violation.Kind.STALE_HEARTBEAT,
                  h.nanos(),
                  String.format(
                      "line %d: %s wrote epoch %d at %s, after epoch %d began at %s",
                      h.line(),
                      h.node(),
                      h.epoch(),
                      t.rel(h.nanos()),
                      later.getKey(),
                      t.rel(later.getValue()))));
        }
      }
    }
    return out;
  }
}
