package io.hactl.demo.scheduler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a ledger written by {@link LedgerJob}: per trigger, every scheduled fire time from the
 * first recorded to the last, on the grid its interval defines, must appear exactly once. A missing
 * run of firings is told apart by what the misfire policy explains: if the next recorded firing
 * came more than the misfire threshold after the first missing one, the scheduler was down that
 * long and the policy skipped them ("missed beyond the threshold"); otherwise they were lost. Both
 * fail the check, as do duplicates and malformed lines. Stateless; also a command: {@code
 * LedgerCheck --spool DIR | --ledger FILE [--misfire-threshold 60s]}, exit 0 if the ledger passes,
 * 1 if not, 2 if it cannot be read.
 */
public final class LedgerCheck {
  /** At most this many defects are described; the counts are always complete. */
  public static final int MAX_PROBLEMS = 50;

  private static final String USAGE =
      "usage: LedgerCheck --spool DIR | --ledger FILE [--misfire-threshold 60s]";

  private LedgerCheck() {}

  /** Checks the ledger of the demo scheduler whose spool is {@code spool}. */
  public static LedgerReport checkSpool(Path spool, Duration misfireThreshold) throws IOException {
    return check(DemoScheduler.ledgerFile(spool), misfireThreshold);
  }

  /** Checks the ledger file {@code ledger}. */
  public static LedgerReport check(Path ledger, Duration misfireThreshold) throws IOException {
    return check(Files.readAllLines(ledger, StandardCharsets.UTF_8), misfireThreshold);
  }

  /** Checks ledger lines (without line breaks). */
  public static LedgerReport check(List<String> lines, Duration misfireThreshold) {
    Tally tally = new Tally(misfireThreshold);
    Map<String, List<Numbered>> byTrigger = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      Optional<LedgerLine> line = LedgerLine.parse(text);
      if (line.isEmpty()) {
        tally.malformed(i + 1, "not a ledger line: '" + abbreviate(text) + "'");
        continue;
      }
      byTrigger
          .computeIfAbsent(line.get().trigger(), t -> new ArrayList<>())
          .add(new Numbered(i + 1, line.get()));
    }
    List<LedgerReport.TriggerReport> reports = new ArrayList<>();
    byTrigger.forEach((trigger, entries) -> reports.add(checkTrigger(entries, tally)));
    return tally.report(lines.size(), reports);
  }

  /** Runs the command; see the class comment. */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Path ledger = null;
    Duration threshold = DemoJobs.DEFAULT_MISFIRE_THRESHOLD;
    try {
      Iterator<String> it = args.iterator();
      while (it.hasNext()) {
        String option = it.next();
        if (!it.hasNext()) {
          throw new UsageException(option + " needs a value");
        }
        String value = it.next();
        switch (option) {
          case "--spool" -> ledger = DemoScheduler.ledgerFile(Path.of(value));
          case "--ledger" -> ledger = Path.of(value);
          case "--misfire-threshold" -> threshold = DurationArg.parse(option, value);
          default -> throw new UsageException("unknown option " + option);
        }
      }
      if (ledger == null) {
        throw new UsageException("--spool or --ledger is required");
      }
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      LedgerReport report = check(ledger, threshold);
      out.print(report.summary());
      return report.ok() ? 0 : 1;
    } catch (IOException e) {
      err.println("cannot read ledger " + ledger + ": " + e);
      return 2;
    }
  }

  private static LedgerReport.TriggerReport checkTrigger(List<Numbered> entries, Tally tally) {
    String trigger = entries.get(0).line().trigger();
    Duration interval = entries.get(0).line().interval();
    long step = interval.toMillis();
    List<Numbered> consistent = sameInterval(entries, tally);
    long first = consistent.stream().mapToLong(LedgerCheck::millis).min().orElseThrow();
    TreeMap<Long, List<Numbered>> slots = new TreeMap<>();
    Duration maxLateness = Duration.ZERO;
    for (Numbered n : consistent) {
      long offset = millis(n) - first;
      if (offset % step != 0) {
        tally.malformed(
            n.number(),
            String.format(
                "%s scheduled %s is off its grid (from %s every %d ms)",
                trigger, n.line().scheduled(), Instant.ofEpochMilli(first), step));
        continue;
      }
      slots.computeIfAbsent(offset / step, k -> new ArrayList<>()).add(n);
      tally.fired(n.line());
      maxLateness = max(maxLateness, n.line().lateness());
    }
    long duplicates = duplicates(trigger, slots, tally);
    long missing = gaps(trigger, first, step, slots, tally);
    return new LedgerReport.TriggerReport(
        trigger,
        interval,
        Instant.ofEpochMilli(first),
        Instant.ofEpochMilli(first + slots.lastKey() * step),
        slots.lastKey() + 1,
        slots.size(),
        duplicates,
        missing,
        maxLateness);
  }

  /** The entries whose interval is the first entry's; the others are malformed. */
  private static List<Numbered> sameInterval(List<Numbered> entries, Tally tally) {
    Numbered head = entries.get(0);
    List<Numbered> consistent = new ArrayList<>();
    for (Numbered n : entries) {
      if (n.line().interval().equals(head.line().interval())) {
        consistent.add(n);
      } else {
        tally.malformed(
            n.number(),
            String.format(
                "%s every %d ms, but line %d says every %d ms",
                head.line().trigger(),
                n.line().interval().toMillis(),
                head.number(),
                head.line().interval().toMillis()));
      }
    }
    return consistent;
  }

  private static long duplicates(String trigger, TreeMap<Long, List<Numbered>> slots, Tally tally) {
    long extra = 0;
    for (List<Numbered> copies : slots.values()) {
      if (copies.size() > 1) {
        extra += copies.size() - 1;
        String where =
            copies.stream()
                .map(
                    c ->
                        "line "
                            + c.number()
                            + " (node "
                            + c.line().node()
                            + " epoch "
                            + c.line().epoch()
                            + " at "
                            + c.line().fired()
                            + ")")
                .collect(Collectors.joining(", "));
        tally.duplicate(
            copies.size() - 1,
            trigger
                + " scheduled "
                + copies.get(0).line().scheduled()
                + " fired "
                + copies.size()
                + " times: "
                + where);
      }
    }
    return extra;
  }

  /** Finds runs of missing slots; each ends before a recorded one, since the last is recorded. */
  private static long gaps(
      String trigger, long first, long step, TreeMap<Long, List<Numbered>> slots, Tally tally) {
    long missing = 0;
    long expect = 0;
    for (Map.Entry<Long, List<Numbered>> slot : slots.entrySet()) {
      long count = slot.getKey() - expect;
      if (count > 0) {
        missing += count;
        Instant from = Instant.ofEpochMilli(first + expect * step);
        Instant to = Instant.ofEpochMilli(first + (slot.getKey() - 1) * step);
        Instant resumed =
            slot.getValue().stream().map(n -> n.line().fired()).min(Instant::compareTo).get();
        tally.gap(trigger, count, from, to, resumed);
      }
      expect = slot.getKey() + 1;
    }
    return missing;
  }

  private static long millis(Numbered n) {
    return n.line().scheduled().toEpochMilli();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  private record Numbered(int number, LedgerLine line) {}

  /** Counts and messages of one check. */
  private static final class Tally {
    private final Duration threshold;
    private final List<String> problems = new ArrayList<>();
    private long firings;
    private long recovered;
    private long duplicates;
    private long lost;
    private long beyondThreshold;
    private long malformed;
    private Duration maxLateness = Duration.ZERO;

    Tally(Duration threshold) {
      this.threshold = threshold;
    }

    void fired(LedgerLine line) {
      firings++;
      recovered += line.recovered() ? 1 : 0;
      maxLateness = max(maxLateness, line.lateness());
    }

    void malformed(int lineNumber, String message) {
      malformed++;
      problem("line " + lineNumber + ": " + message);
    }

    void duplicate(long extra, String message) {
      duplicates += extra;
      problem("duplicate: " + message);
    }

    void gap(String trigger, long count, Instant from, Instant to, Instant resumed) {
      Duration down = Duration.between(from, resumed);
      String what = trigger + ": " + count + " firings scheduled " + from + " .. " + to;
      if (down.compareTo(threshold) > 0) {
        beyondThreshold += count;
        problem(
            "missed beyond the misfire threshold: "
                + what
                + " (next firing only at "
                + resumed
                + ", "
                + down.toMillis()
                + " ms after the first, threshold "
                + threshold.toMillis()
                + " ms)");
      } else {
        lost += count;
        problem("missing: " + what + " (next firing at " + resumed + ")");
      }
    }

    private void problem(String message) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(message);
      } else if (problems.size() == MAX_PROBLEMS) {
        problems.add("... more defects not listed");
      }
    }

    LedgerReport report(int lines, List<LedgerReport.TriggerReport> triggers) {
      return new LedgerReport(
          lines,
          firings,
          recovered,
          duplicates,
          lost,
          beyondThreshold,
          malformed,
          maxLateness,
          threshold,
          triggers,
          problems);
    }
  }
}
