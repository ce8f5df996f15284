package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded randomized campaign: N rounds of mixed faults against one live cluster, each healed and
 * the cluster restored before the next, then the whole timeline checked and a report printed. Exit
 * status 0 when the checker found nothing and every command succeeded, 1 when it did not, 2 when
 * the harness itself failed.
 */
public final class Campaign {
  private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);
  private static final Duration RESTORE = Duration.ofSeconds(120);

  private final LiveCluster live;
  private final int rounds;
  private final long seed;
  private final List<FaultRecord> records = new ArrayList<>();
  private final List<String> harnessErrors = new ArrayList<>();

  Campaign(LiveCluster live, int rounds, long seed) {
    this.live = live;
    this.rounds = rounds;
    this.seed = seed;
  }

  public static void main(String[] argv) {
    Args a = new Args(argv, "campaign.sh [--rounds N] [--seed S]");
    int rounds = a.integer("rounds", 200);
    long seed = a.number("seed", System.nanoTime() % 100_000);
    int code;
    try (LiveCluster live = LiveCluster.start(ClusterOptions.fromSystemProperties())) {
      CampaignReport report = new Campaign(live, rounds, seed).run();
      String text = report.render();
      System.out.println(text);
      write(live.cluster().run().dir().resolve("campaign-report.txt"), text);
      code = report.passed() ? 0 : 1;
    } catch (HarnessException e) {
      System.err.println("campaign aborted: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  CampaignReport run() {
    TestCluster c = live.cluster();
    FaultPlanner planner = new FaultPlanner(seed, c.network().canPartition());
    long t0 = System.nanoTime();
    int failedRestores = 0;
    Map<String, Integer> incarnations = new HashMap<>();
    for (int i = 1; i <= rounds && failedRestores < 2; i++) {
      String owner = c.owner().orElse(c.nodeNames().get(0));
      FaultPlanner.Plan plan = planner.next(System.nanoTime(), owner, c.nodeNames());
      String label = String.format("round %d/%d %s %s", i, rounds, plan.kind(), plan.victim());
      LOG.info("=== {}", label);
      c.recorder().note(label);
      try {
        records.addAll(
            new RoundRunner(live.nemesis(), live.session(), c.options()).run(label, plan));
      } catch (HarnessException e) {
        harnessErrors.add(label + ": " + e.getMessage());
        LOG.warn("{} failed in the harness: {}", label, e.toString());
      }
      failedRestores = restore(label) ? 0 : failedRestores + 1;
      for (TestNode n : c.nodes()) {
        if (n.incarnation() != incarnations.getOrDefault(n.name(), n.incarnation())) {
          planner.agentRestarted(n.name());
        }
        incarnations.put(n.name(), n.incarnation());
      }
    }
    Timeline t = c.timeline();
    List<Violation> violations = new Checker(c.options().maxBlind()).check(t);
    return new CampaignReport(
        rounds,
        seed,
        c,
        live.session(),
        t,
        violations,
        records,
        harnessErrors,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private boolean restore(String label) {
    Nemesis n = live.nemesis();
    try {
      n.restore(RESTORE);
      return true;
    } catch (HarnessException e) {
      harnessErrors.add(label + ": restore failed: " + e.getMessage());
      LOG.warn("{}: restore failed: {}", label, e.toString());
      return false;
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e.getMessage());
    }
  }
}
