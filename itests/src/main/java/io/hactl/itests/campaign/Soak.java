package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.itests.support.Daemon;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.observe.Transition;
import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * An idle three-node cluster left alone for M minutes while other work keeps both cores busy and
 * churns memory ({@code stress-ng}): the session timeout must outlast every pause of a healthy
 * agent. Passes only with no SUSPENDED (nor LOST) connection, no emergency stop, no power action of
 * a fence agent (the agents' periodic readiness checks run {@code status}, counted apart), no owner
 * change and no checker violation. Reports the agents' worst GC pause and time-to-safepoint pause
 * (their GC logs), the worst scheduling delay of a probe JVM run with the agents' options, and the
 * load average.
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] argv) {
    Args a = new Args(argv, "soak.sh [--minutes 30] [--seconds S] [--vm-bytes 25%]");
    long seconds = a.number("seconds", a.number("minutes", 30) * 60);
    String vmBytes = a.string("vm-bytes", "25%");
    int code;
    try {
      code = run(seconds, vmBytes);
    } catch (HarnessException e) {
      System.err.println("soak aborted: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  /** Runs the soak; 0 when it passed, 1 when it did not (the report says why). */
  static int run(long seconds, String vmBytes) {
    ClusterOptions base = ClusterOptions.fromSystemProperties();
    Path gcDir = base.baseDir().resolve("soak-gc-" + System.nanoTime());
    try {
      Files.createDirectories(gcDir);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + gcDir, e);
    }
    ClusterOptions o =
        base.withAgentJvmOptions(
            List.of("-Xlog:gc,safepoint:file=" + gcDir.resolve("gc-%p.log") + ":time,uptime"));
    try (LiveCluster live = LiveCluster.start(o)) {
      TestCluster c = live.cluster();
      String owner = c.awaitOwner(Duration.ofSeconds(90));
      int transitionsBefore = c.recorder().transitions().size();
      int nproc = Runtime.getRuntime().availableProcessors();
      Path dir = c.run().dir();
      Instant start = Instant.now();
      try (Daemon stress = stress(dir, nproc, vmBytes, seconds);
          Daemon probe = probe(o, dir, seconds)) {
        LoadAverage load = LoadAverage.sample(seconds);
        probe.awaitExit(Duration.ofSeconds(60));
        String report =
            report(
                live, owner, transitionsBefore, seconds, nproc, vmBytes, load, gcDir, dir, start);
        System.out.println(report);
        Campaign.write(dir.resolve("soak-report.txt"), report);
        return report.contains("\nresult: PASS") ? 0 : 1;
      }
    }
  }

  private static Daemon stress(Path dir, int nproc, String vmBytes, long seconds) {
    if (!Files.isExecutable(Path.of("/usr/bin/stress-ng"))) {
      throw new HarnessException(
          "the soak needs stress-ng for its other work (apt-get install -y stress-ng)");
    }
    return Daemon.toFile(
        "stress-ng",
        List.of(
            "/usr/bin/stress-ng",
            "--cpu",
            Integer.toString(nproc),
            "--vm",
            "1",
            "--vm-bytes",
            vmBytes,
            "--timeout",
            seconds + "s",
            "--metrics-brief"),
        Map.of(),
        dir,
        dir.resolve("stress-ng.log"));
  }

  private static Daemon probe(ClusterOptions o, Path dir, long seconds) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(o.agentJvmOptions().stream().filter(s -> !s.startsWith("-Xlog")).toList());
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            JitterProbe.class.getName(),
            Long.toString(seconds)));
    return Daemon.toFile("jitter-probe", cmd, Map.of(), dir, dir.resolve("jitter.log"));
  }

  private static String report(
      LiveCluster live,
      String owner,
      int transitionsBefore,
      long seconds,
      int nproc,
      String vmBytes,
      LoadAverage load,
      Path gcDir,
      Path dir,
      Instant start) {
    TestCluster c = live.cluster();
    List<Transition> ts = c.recorder().transitions();
    List<Transition> during = ts.subList(transitionsBefore, ts.size());
    long suspensions =
        during.stream()
                .filter(t -> t.to().equals("SUSPENDED") || t.to().equals("EMERGENCY_STOP"))
                .count()
            + AgentLogs.count(c, "ZooKeeper connection SUSPENDED")
            + AgentLogs.count(c, "ZooKeeper connection LOST");
    String ownerNow = c.owner().orElse("(none)");
    long failovers =
        during.stream().filter(t -> t.to().equals("STARTING")).count()
            + (ownerNow.equals(owner) ? 0 : 1);
    // Power actions only: the agents' fencing readiness checks run "status" every few minutes.
    long fences = c.fenceCalls().stream().filter(f -> !f.action().equals("status")).count();
    long readiness = c.fenceCalls().size() - fences;
    List<Violation> violations = new Checker(c.options().maxBlind()).check(c.timeline());
    GcLogs gc = GcLogs.read(gcDir, start);
    GcLogs life = GcLogs.read(gcDir, Instant.EPOCH);
    String jitter = readJitter(dir.resolve("jitter.log"));
    boolean pass = suspensions == 0 && failovers == 0 && fences == 0 && violations.isEmpty();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "hactl soak: %d s idle, %d nodes, %s, negotiated session timeout %d ms, %s%n",
            seconds,
            c.nodeNames().size(),
            c.isolation(),
            live.session().toMillis(),
            Machine.describe()));
    b.append(
        String.format(
            "other work: stress-ng --cpu %d --vm 1 --vm-bytes %s; load average (1 min) mean %.1f,"
                + " max %.1f%n",
            nproc, vmBytes, load.mean(), load.max()));
    b.append(
        String.format(
            "agents' worst GC pause during the soak: %s; since the agents started: %s%n",
            gc.gcSummary(), life.gcSummary()));
    b.append(
        String.format(
            "agents' worst safepoint (stopped) time during the soak: %s; since start: %s%n",
            gc.safepointSummary(), life.safepointSummary()));
    b.append(String.format("scheduling delay (probe JVM, 10 ms period): %s%n", jitter));
    b.append(
        String.format(
            "suspensions (SUSPENDED/LOST/EMERGENCY_STOP): %d; failovers: %d (owner %s -> %s);"
                + " fence calls (off/reboot/on): %d; fencing readiness checks (status): %d%n",
            suspensions, failovers, owner, ownerNow, fences, readiness));
    b.append("checker: ")
        .append(violations.isEmpty() ? "no violations" : violations.size() + " violation(s)")
        .append('\n');
    violations.forEach(v -> b.append("  ").append(v).append('\n'));
    b.append("observer: ").append(c.observer().stats()).append('\n');
    b.append("run directory: ").append(dir).append(", GC logs: ").append(gcDir).append('\n');
    b.append("\nresult: ").append(pass ? "PASS" : "FAIL").append('\n');
    return b.toString();
  }

  private static String readJitter(Path log) {
    try {
      return Files.readAllLines(log).stream()
          .filter(l -> l.startsWith("jitter "))
          .findFirst()
          .map(l -> l.substring("jitter ".length()))
          .orElse("no figure (see " + log + ")");
    } catch (IOException e) {
      return "no figure (" + e.getMessage() + ")";
    }
  }

  /** Counts lines containing a text in every agent log of the cluster's nodes. */
  static final class AgentLogs {
    private AgentLogs() {}

    static long count(TestCluster c, String text) {
      long n = 0;
      for (TestNode node : c.nodes()) {
        try (var files = Files.list(node.dir())) {
          for (Path p :
              files.filter(f -> f.getFileName().toString().startsWith("agent-")).toList()) {
            n += Files.readAllLines(p).stream().filter(l -> l.contains(text)).count();
          }
        } catch (IOException e) {
          throw new HarnessException("cannot read the agent logs of " + node.name(), e);
        }
      }
      return n;
    }
  }

  /** The 1-minute load average, read every 10 s while the soak runs. */
  record LoadAverage(double mean, double max) {
    static LoadAverage sample(long seconds) {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      double sum = 0;
      double max = 0;
      int n = 0;
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(Math.min(10_000_000_000L, Math.max(1, end - System.nanoTime())));
        double v = read();
        sum += v;
        max = Math.max(max, v);
        n++;
      }
      return new LoadAverage(n == 0 ? 0 : sum / n, max);
    }

    private static double read() {
      try {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
