package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.itests.fence.SimulatedBmc;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.support.Waits;
import io.hactl.zk.ZkLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fencing readiness on a live three-node cluster with simulated BMCs and real fence_ipmilan: every
 * node gets a first fence level with a wrong BMC password before its working one. {@code hactl
 * fence test --all} reports each wrong password while the cluster is healthy (and the right ones
 * OK); then the owner crashes, its takeover fences through the failing level and the working one,
 * and {@code hactl fence history NODE} lists both attempts.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FenceReadinessIT extends ScenarioSupport {
  private static final Duration COMMAND = Duration.ofSeconds(300);
  private static final Pattern LEVEL =
      Pattern.compile("(    fence:\n)(      - - agent: [^\n]*\n(?:          [^\n]*\n)+)");

  @Test
  void aWrongPasswordShowsInFenceTestAndBothLevelsAreInTheFenceHistory() throws Exception {
    String wrong = "wrong-" + System.nanoTime();
    Path file = cluster.paths().config();
    String yaml = Files.readString(file);
    Path changed = file.resolveSibling("two-levels.yaml");
    Files.writeString(changed, withWrongFirstLevel(yaml, wrong));
    long configsBefore = configEvents();
    ProcessResult apply =
        cluster.hactl(
            COMMAND, "config", "apply", "--yes", "--allow-clear-text-secrets", changed.toString());
    assertTrue(apply.succeeded(), "config apply: " + apply.describe() + "\n" + out(apply));
    Waits.until(
        "every agent to take the two-level configuration",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> configEvents() >= configsBefore + cluster.nodeNames().size());

    String victim = owner();
    ProcessResult test = cluster.hactl(COMMAND, "fence", "test", "--all");
    String report = out(test);
    System.err.println("hactl fence test --all: exit " + test.exitCode() + "\n" + report);
    assertEquals(1, test.exitCode(), "a failing device fails fence test:\n" + report);
    for (String n : cluster.nodeNames()) {
      assertTrue(
          Pattern.compile("(?m)^" + n + " level 1 device 1  \\S+  FAILED  .*exit 1")
              .matcher(report)
              .find(),
          n + "'s wrong password is reported:\n" + report);
      assertTrue(
          Pattern.compile("(?m)^" + n + " level 2 device 1  \\S+  OK  .*power ON")
              .matcher(report)
              .find(),
          n + "'s working device passes:\n" + report);
    }
    assertTrue(report.contains("6 device(s) checked, 3 failed"), report);
    assertFalse(report.contains(wrong), "the password is masked:\n" + report);
    assertFalse(report.contains(SimulatedBmc.PASSWORD + "\n"), report);
    assertTrue(
        cluster.powerEvents().stream().noneMatch(e -> e.kind() == BmcEvent.Kind.POWER_OFF),
        "fence test powered nothing off: " + cluster.powerEvents());
    assertEquals(victim, owner(), "the service did not move");

    nemesis.crashNode("owner crash with a failing first fence level", victim);
    assertNotEquals(victim, owner(), "recovered elsewhere");
    ProcessResult history = cluster.hactl(COMMAND, "fence", "history", victim);
    String hist = out(history);
    System.err.println("hactl fence history " + victim + ":\n" + hist);
    assertEquals(0, history.exitCode(), hist);
    assertTrue(
        Pattern.compile("fence attempt FAILED: level 1 device 1/1: \\S+ off of node " + victim)
            .matcher(hist)
            .find(),
        "the failed level-1 attempt is listed:\n" + hist);
    assertTrue(
        Pattern.compile("fence attempt ok: level 2 device 1/1: \\S+ off of node " + victim)
            .matcher(hist)
            .find(),
        "the successful level-2 attempt is listed:\n" + hist);
    assertFalse(hist.contains(wrong), hist);
    ProcessResult unknown = cluster.hactl(COMMAND, "fence", "history", "nosuchnode");
    assertEquals(2, unknown.exitCode(), out(unknown));
    assertNoViolations();
  }

  /** Each node's fence levels, preceded by a copy of its first level with a wrong password. */
  static String withWrongFirstLevel(String yaml, String wrong) {
    Matcher m = LEVEL.matcher(yaml);
    StringBuilder b = new StringBuilder();
    int count = 0;
    while (m.find()) {
      String level = m.group(2);
      String bad = level.replaceFirst("password: \"?[^,}\"]*\"?", "password: \"" + wrong + "\"");
      assertNotEquals(level, bad, "no password in " + level);
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + bad + level));
      count++;
    }
    m.appendTail(b);
    assertEquals(cluster.nodeNames().size(), count, "one fence section per node in\n" + yaml);
    return b.toString();
  }

  private static long configEvents() {
    try (CuratorFramework zk = hostClient(cluster)) {
      ZkLayout layout =
          new ZkLayout(
              new io.hactl.config.ConfigParser()
                  .parseFile(cluster.paths().config())
                  .cluster()
                  .root());
      List<HistoryEvent> events = new History(zk, layout, Integer.MAX_VALUE).read(10_000);
      return events.stream().filter(e -> "config".equals(e.kind())).count();
    } catch (Exception e) {
      throw new AssertionError("cannot read the history: " + e, e);
    }
  }

  private static String out(ProcessResult r) {
    return String.join("\n", r.output());
  }
}
