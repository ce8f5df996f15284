package io.hactl.itests.campaign;

import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.FaultKind;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The outcome of a campaign as text: what was injected, how fast it recovered, what broke. */
final class CampaignReport {
  private final int rounds;
  private final long seed;
  private final TestCluster cluster;
  private final Duration session;
  private final Timeline timeline;
  private final List<Violation> violations;
  private final List<FaultRecord> records;
  private final List<String> harnessErrors;
  private final Duration elapsed;
  private final List<String> commandFailures;

  CampaignReport(
      int rounds,
      long seed,
      TestCluster cluster,
      Duration session,
      Timeline timeline,
      List<Violation> violations,
      List<FaultRecord> records,
      List<String> harnessErrors,
      Duration elapsed) {
    this.rounds = rounds;
    this.seed = seed;
    this.cluster = cluster;
    this.session = session;
    this.timeline = timeline;
    this.violations = List.copyOf(violations);
    this.records = List.copyOf(records);
    this.harnessErrors = List.copyOf(harnessErrors);
    this.elapsed = elapsed;
    this.commandFailures =
        cluster.recorder().notes().stream().filter(n -> n.contains("COMMAND FAILED")).toList();
  }

  boolean passed() {
    return violations.isEmpty() && commandFailures.isEmpty() && harnessErrors.isEmpty();
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "hactl campaign: %d rounds, seed %d, %d nodes, %s, session timeout %d ms"
                + " (negotiated), %s, took %d s%n",
            rounds,
            seed,
            cluster.nodeNames().size(),
            cluster.isolation(),
            session.toMillis(),
            Machine.describe(),
            elapsed.toSeconds()));
    b.append("run directory: ").append(cluster.run().dir()).append('\n');
    b.append("\nrecovery time by fault, ms (fault or repair -> one node running):\n");
    for (Map.Entry<FaultKind, List<Long>> e : recoveryTimes().entrySet()) {
      b.append(String.format("  %-18s %s%n", e.getKey(), new Percentiles(e.getValue()).summary()));
    }
    b.append("\nviolations: ")
        .append(violations.isEmpty() ? "none" : violations.size())
        .append('\n');
    for (Violation v : violations) {
      b.append("  [").append(roundOf(v.nanos())).append("] ").append(v.kind()).append(": ");
      b.append(v.message()).append('\n');
    }
    b.append("\nrounds:\n");
    for (FaultRecord r : records) {
      b.append("  ").append(r.label()).append(": ").append(recovery(r));
      b.append(r.outcome().isEmpty() ? "" : "; " + r.outcome()).append('\n');
    }
    section(b, "command failures", commandFailures);
    section(b, "harness errors", harnessErrors);
    b.append("\nobserver: ").append(cluster.observer().stats()).append('\n');
    b.append("heartbeat lines: ").append(timeline.heartbeats().size()).append('\n');
    b.append("\nRESULT: ").append(passed() ? "PASS" : "FAIL").append('\n');
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> lines) {
    b.append(title).append(": ").append(lines.isEmpty() ? "none" : lines.size()).append('\n');
    lines.forEach(l -> b.append("  ").append(l).append('\n'));
  }

  private Map<FaultKind, List<Long>> recoveryTimes() {
    Map<FaultKind, List<Long>> out = new EnumMap<>(FaultKind.class);
    for (FaultRecord r : records) {
      if (r.recovery() == null) {
        continue;
      }
      OptionalLong at = timeline.recoveredAt(r.recovery());
      List<Long> times = out.computeIfAbsent(r.kind(), k -> new ArrayList<>());
      at.ifPresent(t -> times.add((t - r.recoveryFrom()) / 1_000_000));
    }
    return out;
  }

  private String recovery(FaultRecord r) {
    if (r.recovery() == null) {
      return "no recovery expected";
    }
    OptionalLong at = timeline.recoveredAt(r.recovery());
    return at.isPresent()
        ? "recovered"
            + r.recovery().where()
            + " in "
            + (at.getAsLong() - r.recoveryFrom()) / 1_000_000
            + " ms"
        : "NOT recovered" + r.recovery().where();
  }

  /** The label of the last fault injected at or before {@code nanos}. */
  private String roundOf(long nanos) {
    String label = "before the first fault";
    for (FaultRecord r : records) {
      if (r.injected() <= nanos) {
        label = r.label();
      }
    }
    return label;
  }
}
