package io.hactl.itests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.net.Isolation;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slurm's controller made highly available, end to end, on three controller nodes and one compute
 * node in namespaces, with the run's own munged: first Slurm's own primary/backup pair (no hactl),
 * then slurmctld under hactl behind a floating address. Each set-up goes through a planned move, a
 * crash and a silent partition of the controller's node while batch jobs run; every job appends its
 * start and end to a ledger outside the state directory. The hactl set-up must answer again on
 * another node after every fault, keep every job, run none twice, accept new jobs (slurmd talks to
 * the new controller), and show the outside checker one controller at a time; Slurm's pair is
 * measured the same way and reported, not judged. Both print their rows of the README's table.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmctldIT {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmctldIT.class);
  private static final int LONG_JOB_SECONDS = 15;
  private static final Duration WINDOW = Duration.ofSeconds(45);
  private static final Duration PARTITION_WINDOW = Duration.ofSeconds(15);
  private static final Duration UP = Duration.ofSeconds(60);
  private static final int COMPUTE_HOST_PART = 31;

  /**
   * How long the relocate command may take as a process: generous, because its JVM start is at the
   * mercy of the machine's load; the checker's relocation deadline is what judges hactl.
   */
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

  private static TestCluster cluster;
  private static SlurmDirs dirs;
  private static ComputeNode compute;
  private static ControllerFaults faults;
  private static final List<ScenarioRow> rows = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    Needs.namespaces();
    Needs.programs(
        "ipmi_sim", "fence_ipmilan", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol");
    Needs.programs("sinfo", "munged", "setpriv", "nsenter");
    Path floatingIp =
        Path.of("..", "config-samples", "floating-ip.sh").toAbsolutePath().normalize();
    Needs.skipIf(
        Files.isReadable(floatingIp)
            ? Optional.empty()
            : Optional.of("the shipped floating-ip.sh is not at " + floatingIp));
    ClusterOptions o = sessionAtLeast(Duration.ofSeconds(5));
    Needs.skipIf(HactlCommand.missingAgent(o.hactlJar()));
    cluster = TestCluster.start(o, new SlurmctldWorkload(floatingIp).shape());
    dirs = SlurmDirs.of(cluster.run().dir()).prepare();
    Munge.start(dirs, cluster.run());
    compute =
        ComputeNode.add(
            (NamespaceNetwork) cluster.network(), cluster.run(), dirs, COMPUTE_HOST_PART);
    faults = new ControllerFaults(cluster, compute);
  }

  /**
   * The options from the system properties with a session timeout of at least {@code min}: the
   * service's emergency stop (spool, floating address, slurmctld) needs 1.35 s, more than a third
   * of the itests' default 4 s.
   */
  private static ClusterOptions sessionAtLeast(Duration min) {
    ClusterOptions o = ClusterOptions.fromSystemProperties().withIsolation(Isolation.NAMESPACES);
    if (o.sessionTimeout().compareTo(min) >= 0) {
      return o;
    }
    return o.withSessionTimeout(min);
  }

  @AfterAll
  static void stopCluster() {
    if (!rows.isEmpty()) {
      StringBuilder t = new StringBuilder(ScenarioRow.header()).append('\n');
      rows.forEach(r -> t.append(r.markdown()).append('\n'));
      System.out.println("Slurm comparison (run dir " + cluster.run().dir() + "):\n" + t);
      try {
        Files.writeString(
            cluster.run().dir().resolve("slurm-comparison.md"), t, StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("cannot write the comparison table: " + e);
      }
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  @Test
  @Order(1)
  void slurmsOwnBackupControllerForComparison() {
    Path state = dirs.sharedState("backup");
    Path conf =
        writeConf(
            "backup",
            BackupPair.controllers(cluster),
            state,
            dirs.ctlRun().resolve("slurmctld.pid"));
    SlurmClient cl = new SlurmClient(conf);
    ScenarioRunner runner =
        new ScenarioRunner("backup", "Slurm backup", cl, dirs, state, LONG_JOB_SECONDS);
    BackupPair pair =
        cluster.run().closeLater("Slurm's controller pair", new BackupPair(cluster, conf, dirs));
    pair.start("ctl1");
    runner.awaitAnswers("ctl1 in control");
    pair.start("ctl2");
    compute.startSlurmd(conf);
    runner.awaitComputeNode();
    Waits.until(
        "ctl2 standing by",
        UP,
        Duration.ofMillis(200),
        () -> String.join(" ", cl.ping()).contains("ctl2 is UP"));

    List<ScenarioRow> mine = new ArrayList<>();
    mine.add(
        runner.run(
            "planned move (`scontrol takeover`)",
            () -> {
              ProcessResult r = cl.takeover();
              assertTrue(r.succeeded(), "scontrol takeover: " + r.describe());
            },
            () -> true,
            WINDOW,
            () -> restartPrimary(pair, cl)));
    mine.add(
        runner.run(
            "crash of the controller's node",
            () -> cluster.node("n1").crash(),
            () -> true,
            WINDOW,
            () -> restartPrimary(pair, cl)));
    mine.add(
        runner.run(
            "silent partition of the controller's node",
            () -> faults.isolate("n1"),
            () -> true,
            PARTITION_WINDOW,
            () -> {
              long healed = System.nanoTime();
              cluster.network().heal("n1");
              runner.awaitAnswers("a controller after the heal");
              return String.format(
                  "answers %.1f s after the heal", (System.nanoTime() - healed) / 1e9);
            }));
    runner.finish(mine);
    mine.forEach(r -> r.violations().add("n/a: both slurmctld always run"));
    rows.addAll(mine);
    pair.close();
    compute.stopAll();
  }

  @Test
  @Order(2)
  void slurmctldUnderHactlSurvivesPartitionCrashAndPlannedMove() {
    String vip = SlurmctldWorkload.floatingAddress(cluster.network());
    Path conf =
        writeConf(
            SlurmctldWorkload.SETUP,
            List.of(new SlurmConf.Controller(SlurmctldWorkload.CONTROLLER_HOST, vip)),
            cluster.paths().mountpoint(),
            cluster.paths().mountpoint().resolve("slurmctld.pid"));
    SlurmClient cl = new SlurmClient(conf);
    ScenarioRunner runner =
        new ScenarioRunner(
            SlurmctldWorkload.SETUP, "hactl", cl, dirs, cluster.paths().spool(), LONG_JOB_SECONDS);
    compute.startSlurmd(conf);
    long phaseStart = System.nanoTime();
    cluster.startAgents();
    cluster.awaitOwner(UP);
    runner.awaitAnswers("slurmctld under hactl");
    runner.awaitComputeNode();
    Budgets budgets =
        Budgets.of(
            cluster.options(),
            cluster.negotiatedSessionTimeouts().values().stream()
                .findFirst()
                .orElse(cluster.options().sessionTimeout()));

    List<ScenarioRow> mine = new ArrayList<>();
    String victim1 = cluster.awaitOwner(UP);
    mine.add(
        runner.run(
            "silent partition of the controller's node",
            () -> {
              faults.isolate(victim1);
              expectRecovery("partition of " + victim1, budgets.crash(), null, victim1);
            },
            () -> ownerOtherThan(victim1),
            WINDOW,
            () -> {
              List<String> holders = faults.holders(vip);
              assertEquals(1, holders.size(), "floating address held by " + holders);
              cluster.network().heal(victim1);
              faults.powerOn(cluster.node(victim1), vip);
              return victim1 + " fenced; address then on " + holders;
            }));
    String victim2 = cluster.awaitOwner(UP);
    mine.add(
        runner.run(
            "crash of the controller's node",
            () -> {
              faults.powerOff(cluster.node(victim2));
              expectRecovery("crash of " + victim2, budgets.crash(), null, victim2);
            },
            () -> ownerOtherThan(victim2),
            WINDOW,
            () -> {
              faults.powerOn(cluster.node(victim2), vip);
              return "";
            }));
    String from = cluster.awaitOwner(UP);
    String to = cluster.nodeNames().stream().filter(n -> !n.equals(from)).findFirst().orElseThrow();
    AtomicReference<CompletableFuture<ProcessResult>> relocate = new AtomicReference<>();
    AtomicLong relocateStart = new AtomicLong();
    mine.add(
        runner.run(
            "planned move (`hactl relocate`)",
            () -> {
              relocateStart.set(System.nanoTime());
              expectRecovery("relocate to " + to, budgets.relocate(), to, null);
              relocate.set(
                  CompletableFuture.supplyAsync(
                      () ->
                          cluster.hactl(
                              COMMAND_DEADLINE, "relocate", ClusterYaml.SERVICE, "--to", to)));
            },
            () -> cluster.owner().filter(to::equals).isPresent(),
            WINDOW,
            () -> {
              ProcessResult r = relocate.get().join();
              assertTrue(r.succeeded(), "hactl relocate: " + r.describe());
              cluster
                  .recorder()
                  .expect(
                      new Expectation.NoFence("relocate", relocateStart.get(), System.nanoTime()));
              return "";
            }));
    runner.finish(mine);
    List<Violation> all = cluster.check().stream().filter(v -> v.nanos() >= phaseStart).toList();
    attribute(mine, all);
    rows.addAll(mine);
    for (ScenarioRow r : mine) {
      assertTrue(!r.takeover().startsWith("none"), r.scenario() + ": no controller answered");
      assertEquals(List.of(), r.lost(), r.scenario() + ": jobs lost or stuck");
      assertEquals(List.of(), r.duplicated(), r.scenario() + ": jobs run twice");
    }
    assertEquals(List.of(), all, "checker violations (run dir " + cluster.run().dir() + ")");
  }

  /** Gives each violation to the last scenario that began before it. */
  private static void attribute(List<ScenarioRow> mine, List<Violation> all) {
    for (Violation v : all) {
      ScenarioRow to = mine.get(0);
      for (ScenarioRow r : mine) {
        if (r.began() <= v.nanos()) {
          to = r;
        }
      }
      to.violations().add(v.kind().toString());
    }
  }

  private Path writeConf(String setup, List<SlurmConf.Controller> ctls, Path state, Path pidFile) {
    Path conf = dirs.conf(setup);
    try {
      Files.createDirectories(conf.getParent());
      Files.writeString(
          conf,
          SlurmConf.render(ctls, state, pidFile, dirs, compute.address()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write " + conf, e);
    }
    return conf;
  }

  private String restartPrimary(BackupPair pair, SlurmClient cl) {
    if (!pair.alive("ctl1")) {
      pair.start("ctl1");
    }
    Waits.until(
        "ctl1 back in control",
        UP,
        Duration.ofMillis(200),
        () -> {
          String ping = String.join(" ", cl.ping());
          return ping.contains("ctl1 is UP") && cl.answers(Duration.ofSeconds(6));
        });
    return "";
  }

  private static boolean ownerOtherThan(String victim) {
    return cluster.owner().filter(o -> !o.equals(victim)).isPresent();
  }

  private static void expectRecovery(
      String label, Duration budget, String required, String excluded) {
    long now = System.nanoTime();
    cluster
        .recorder()
        .expect(new Expectation.Recovery(label, now, now + budget.toNanos(), required, excluded));
  }
}
