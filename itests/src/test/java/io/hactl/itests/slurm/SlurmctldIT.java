package io.hactl.itests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.check.Expectation;
import io.hactl.itests.check.Violation;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.net.Isolation;
import io.hactl.itests.net.NamespaceNetwork;
import io.hactl.itests.support.HarnessException;
import io.hactl.itests.support.Shell;
import io.hactl.itests.support.Waits;
import io.hactl.process.ProcessResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
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

  private static TestCluster cluster;
  private static SlurmDirs dirs;
  private static ComputeNode compute;
  private static final List<ScenarioRow> rows = new ArrayList<>();
  private final Shell shell = new Shell(Duration.ofSeconds(10));

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
    cluster = TestCluster.start(o, new SlurmctldWorkload(floatingIp));
    dirs = SlurmDirs.of(cluster.run().dir()).prepare();
    Munge.start(dirs, cluster.run());
    compute =
        ComputeNode.add(
            (NamespaceNetwork) cluster.network(), cluster.run(), dirs, COMPUTE_HOST_PART);
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
    return new ClusterOptions(
        o.nodes(),
        o.isolation(),
        min,
        o.tickTime(),
        o.heartbeatInterval(),
        o.observerPeriod(),
        o.maxBlind(),
        o.fenceTimeout(),
        o.fenceRetry(),
        o.startBudget(),
        o.margin(),
        o.agentWarmup(),
        o.nofailback(),
        o.storeConfigFirst(),
        o.hactlJar(),
        o.agentJvmOptions(),
        o.baseDir());
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
    BackupPair pair =
        cluster.run().closeLater("Slurm's controller pair", new BackupPair(cluster, conf, dirs));
    pair.start("ctl1");
    awaitAnswers(cl, "ctl1 in control");
    pair.start("ctl2");
    compute.startSlurmd(conf);
    awaitComputeNode(cl);
    Waits.until(
        "ctl2 standing by",
        UP,
        Duration.ofMillis(200),
        () -> String.join(" ", cl.ping()).contains("ctl2 is UP"));
    Path ledger = dirs.ledger("backup");
    List<ScenarioRow> mine = new ArrayList<>();

    mine.add(
        scenario(
            "Slurm backup",
            "planned move (`scontrol takeover`)",
            cl,
            ledger,
            state,
            () -> {
              ProcessResult r = cl.takeover();
              assertTrue(r.succeeded(), "scontrol takeover: " + r.describe());
            },
            () -> true,
            WINDOW,
            () -> restartPrimary(pair, cl)));
    mine.add(
        scenario(
            "Slurm backup",
            "crash of the controller's node",
            cl,
            ledger,
            state,
            () -> cluster.node("n1").crash(),
            () -> true,
            WINDOW,
            () -> restartPrimary(pair, cl)));
    ScenarioRow partition =
        scenario(
            "Slurm backup",
            "silent partition of the controller's node",
            cl,
            ledger,
            state,
            () -> isolate("n1"),
            () -> true,
            PARTITION_WINDOW,
            () -> {
              long healed = System.nanoTime();
              cluster.network().heal("n1");
              awaitAnswers(cl, "a controller after the heal");
              return String.format(
                  "answers %.1f s after the heal", (System.nanoTime() - healed) / 1e9);
            });
    mine.add(partition);
    finishSetup(cl, ledger, mine);
    for (ScenarioRow r : mine) {
      r.violations().add("n/a: both slurmctld always run");
    }
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
    compute.startSlurmd(conf);
    long phaseStart = System.nanoTime();
    cluster.startAgents();
    cluster.awaitOwner(UP);
    awaitAnswers(cl, "slurmctld under hactl");
    awaitComputeNode(cl);
    Budgets budgets =
        Budgets.of(
            cluster.options(),
            cluster.negotiatedSessionTimeouts().values().stream()
                .findFirst()
                .orElse(cluster.options().sessionTimeout()));
    Path ledger = dirs.ledger(SlurmctldWorkload.SETUP);
    List<ScenarioRow> mine = new ArrayList<>();

    String victim1 = cluster.awaitOwner(UP);
    mine.add(
        scenario(
            "hactl",
            "silent partition of the controller's node",
            cl,
            ledger,
            cluster.paths().spool(),
            () -> {
              isolate(victim1);
              expectRecovery("partition of " + victim1, budgets.crash(), null, victim1);
            },
            () -> ownerOtherThan(victim1),
            WINDOW,
            () -> {
              String vipHolders = floatingHolders(vip).toString();
              assertEquals(
                  1, floatingHolders(vip).size(), "floating address held by " + vipHolders);
              cluster.network().heal(victim1);
              powerOn(cluster.node(victim1), vip);
              return victim1 + " fenced; address then on " + vipHolders;
            }));
    String victim2 = cluster.awaitOwner(UP);
    mine.add(
        scenario(
            "hactl",
            "crash of the controller's node",
            cl,
            ledger,
            cluster.paths().spool(),
            () -> {
              powerOff(cluster.node(victim2));
              expectRecovery("crash of " + victim2, budgets.crash(), null, victim2);
            },
            () -> ownerOtherThan(victim2),
            WINDOW,
            () -> {
              powerOn(cluster.node(victim2), vip);
              return "";
            }));
    String from = cluster.awaitOwner(UP);
    String to = cluster.nodeNames().stream().filter(n -> !n.equals(from)).findFirst().orElseThrow();
    AtomicReference<CompletableFuture<ProcessResult>> relocate = new AtomicReference<>();
    AtomicLong relocateStart = new AtomicLong();
    mine.add(
        scenario(
            "hactl",
            "planned move (`hactl relocate`)",
            cl,
            ledger,
            cluster.paths().spool(),
            () -> {
              relocateStart.set(System.nanoTime());
              expectRecovery("relocate to " + to, budgets.relocate(), to, null);
              relocate.set(
                  CompletableFuture.supplyAsync(
                      () ->
                          cluster.hactl(
                              budgets.relocate(), "relocate", ClusterYaml.SERVICE, "--to", to)));
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
    finishSetup(cl, ledger, mine);
    List<Violation> all = cluster.check().stream().filter(v -> v.nanos() >= phaseStart).toList();
    attribute(mine, all);
    rows.addAll(mine);
    for (ScenarioRow r : mine) {
      assertTrue(!r.takeover().startsWith("none"), r.scenario() + ": no controller answered");
      assertEquals(List.of(), r.lost(), r.scenario() + ": jobs lost");
      assertEquals(List.of(), r.duplicated(), r.scenario() + ": jobs run twice");
    }
    assertEquals(List.of(), all, "checker violations (run dir " + cluster.run().dir() + ")");
  }

  /**
   * Submits one long and two short jobs, injects the fault, measures the first answer, runs the
   * restore step, then checks that every job is still known and that a new job runs.
   */
  private ScenarioRow scenario(
      String setup,
      String name,
      SlurmClient cl,
      Path ledger,
      Path stateDir,
      Runnable fault,
      BooleanSupplier newController,
      Duration window,
      Restore restore) {
    ScenarioRow row = new ScenarioRow(setup, name, System.nanoTime());
    long longJob = cl.submit(dirs.jobScript(), ledger, LONG_JOB_SECONDS, "long");
    row.jobs().add(longJob);
    row.jobs().add(cl.submit(dirs.jobScript(), ledger, 1, "short"));
    row.jobs().add(cl.submit(dirs.jobScript(), ledger, 1, "short"));
    Waits.until(
        "job " + longJob + " running",
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        () -> JobLedger.read(ledger).runs(longJob).starts() > 0);
    awaitStateSaved(stateDir);
    long t0 = System.nanoTime();
    LOG.info("{} / {}: fault", setup, name);
    fault.run();
    OptionalLong at = Prober.firstAnswer(window, cl::answers, newController);
    LOG.info("{} / {}: first answer {}", setup, name, at);
    row.takeover(t0, at, window);
    row.note(restore.run());
    awaitAnswers(cl, "a controller after " + name);
    row.lost().addAll(cl.unknown(row.jobs()));
    long after = cl.submit(dirs.jobScript(), ledger, 1, "after");
    row.jobs().add(after);
    Waits.until(
        "job " + after + " submitted after " + name + " completed (slurmd reached the controller)",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> "COMPLETED".equals(cl.jobs().get(after)));
    System.err.println(setup + " / " + name + ": " + row.markdown());
    return row;
  }

  /**
   * Waits until slurmctld has written its job state file after now, so that the jobs just submitted
   * and started are in the state directory. slurmctld saves asynchronously, a few seconds after a
   * change: a job submitted just before a crash is lost whoever restarts the controller, with hactl
   * or Slurm's backup alike; that is slurmctld's durability, not the fail-over's, and this test
   * measures the fail-over.
   */
  private static void awaitStateSaved(Path stateDir) {
    Path jobState = stateDir.resolve("job_state");
    long after = System.currentTimeMillis();
    Waits.until(
        "slurmctld saved " + jobState,
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        () -> {
          try {
            return Files.getLastModifiedTime(jobState).toMillis() > after;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** A scenario's restore step; returns a note for the table (may be empty). */
  @FunctionalInterface
  private interface Restore {
    String run();
  }

  /** Waits for every job of the set-up to finish, then counts lost and duplicated ones. */
  private void finishSetup(SlurmClient cl, Path ledger, List<ScenarioRow> mine) {
    List<Long> all = mine.stream().flatMap(r -> r.jobs().stream()).toList();
    Waits.poll(
        Duration.ofSeconds(LONG_JOB_SECONDS + 30),
        Duration.ofMillis(500),
        () -> {
          Map<Long, String> states = cl.jobs();
          return all.stream().allMatch(id -> isFinal(states.get(id)));
        });
    Map<Long, String> states = cl.jobs();
    JobLedger l = JobLedger.read(ledger);
    for (ScenarioRow r : mine) {
      for (long id : r.jobs()) {
        JobLedger.Runs runs = l.runs(id);
        if (runs.starts() > 1) {
          r.duplicated().add(id);
        }
        boolean completed = "COMPLETED".equals(states.get(id)) && runs.ends() == 1;
        if (!completed && !r.lost().contains(id)) {
          r.lost().add(id);
          r.note("job " + id + " " + states.getOrDefault(id, "unknown") + ", ledger " + runs);
        }
      }
    }
  }

  private static boolean isFinal(String state) {
    return state != null
        && !state.equals("RUNNING")
        && !state.equals("PENDING")
        && !state.equals("COMPLETING")
        && !state.equals("CONFIGURING");
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

  private static void awaitAnswers(SlurmClient cl, String what) {
    Waits.until(
        what + " answering", UP, Duration.ofMillis(200), () -> cl.answers(Duration.ofSeconds(6)));
  }

  private static void awaitComputeNode(SlurmClient cl) {
    Waits.until(
        "cn1 registered and idle",
        UP,
        Duration.ofMillis(300),
        () -> {
          String s = cl.nodeState(ComputeNode.NAME).toLowerCase();
          return s.startsWith("idle") || s.startsWith("mixed") || s.startsWith("allocated");
        });
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

  /** Drops every packet between {@code node} and every other machine of the run. */
  private static void isolate(String node) {
    List<String> others = new ArrayList<>();
    for (var s : cluster.zookeeper().servers()) {
      others.add(s.address());
    }
    for (TestNode n : cluster.nodes()) {
      if (!n.name().equals(node)) {
        others.add(cluster.network().nodeAddress(n.index()));
      }
    }
    others.add(compute.address());
    others.add(cluster.network().nodeAddress(250)); // the host, where clients run
    cluster.network().partition(node, others);
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

  /** Nodes whose eth0 carries {@code vip}. */
  private List<String> floatingHolders(String vip) {
    List<String> out = new ArrayList<>();
    NamespaceNetwork net = (NamespaceNetwork) cluster.network();
    for (TestNode n : cluster.nodes()) {
      List<String> addrs =
          shell.run("ip", "-n", net.nodeNs(n.name()), "-o", "-4", "addr", "show", "dev", "eth0");
      if (addrs.stream().anyMatch(l -> l.contains(" " + vip + "/"))) {
        out.add(n.name());
      }
    }
    return out;
  }

  /** A dead machine: every process killed, and its network link gone with it. */
  private void powerOff(TestNode node) {
    node.crash();
    NamespaceNetwork net = (NamespaceNetwork) cluster.network();
    shell.run("ip", "-n", net.nodeNs(node.name()), "link", "set", "eth0", "down");
  }

  /**
   * A machine booting again: no address but its own (a reboot forgets the floating one), link up, a
   * new agent joined to the cluster.
   */
  private void powerOn(TestNode node, String vip) {
    NamespaceNetwork net = (NamespaceNetwork) cluster.network();
    String ns = net.nodeNs(node.name());
    shell.tryRun(List.of("ip", "-n", ns, "addr", "del", vip + "/24", "dev", "eth0"));
    shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
    if (!node.agentAlive()) {
      node.crash();
      node.startAgent();
      cluster.awaitJoined(node);
    }
  }
}
