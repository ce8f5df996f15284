package io.hactl.itests.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.observe.HeartbeatFile;
import io.hactl.itests.support.BootClock;
import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.RunContext;
import io.hactl.itests.support.Scripts;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.observe.Observer;
import io.hactl.testkit.observe.ProcScanner;
import io.hactl.testkit.observe.Recorder;
import io.hactl.testkit.observe.Target;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The observer and checker against real namespaces, bind mounts and heartbeat daemons, driven by a
 * scripted "owner" instead of hactl: a clean hand-over passes the checker, a double start is
 * caught.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ObserverIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private RunContext run;
  private NamespaceNetwork net;
  private Recorder recorder;
  private Observer observer;
  private Path spool;
  private Path mnt;
  private Path script;

  @BeforeEach
  void up() throws IOException {
    Needs.namespaces();
    run = RunContext.create(RunContext.defaultBaseDir());
    net = run.closeLater("network", new NamespaceNetwork(run.id(), NODES, run.janitor()));
    spool = Files.createDirectories(run.dir().resolve("nfs/spool"));
    mnt = Files.createDirectories(run.dir().resolve("mnt/spool"));
    script = Scripts.install("hx-heartbeat.sh", run.dir().resolve("bin/hx-heartbeat"));
    List<Target> targets = new ArrayList<>();
    for (String n : NODES) {
      targets.add(new Target(n, net.netInode(n), "HX_NODE=" + n, mnt.toString()));
    }
    recorder = new Recorder();
    observer =
        run.closeLater(
            "observer",
            new Observer(
                new ProcScanner(targets, script.toString()), Duration.ofMillis(20), recorder));
    observer.start();
  }

  @AfterEach
  void down() {
    if (run != null) {
      run.close();
    }
  }

  /** What an owner does: mount the spool in its own mount namespace, then run the daemon. */
  private Daemon own(String node, long epoch) {
    List<String> cmd = new ArrayList<>(net.enter(node));
    cmd.addAll(
        List.of(
            "sh",
            "-c",
            "mount --bind \"$1\" \"$2\" && exec /bin/sh \"$3\" \"$2\" 0.1",
            "owner",
            spool.toString(),
            mnt.toString(),
            script.toString()));
    Map<String, String> env = Map.of("HACTL_NODE", node, "HACTL_EPOCH", Long.toString(epoch));
    return run.closeLater(
        node + " owner",
        Daemon.toFile(node, cmd, env, run.dir(), run.dir().resolve(node + "-owner.log")));
  }

  private void awaitRunner(String node) {
    Waits.until(
        node + " running",
        Duration.ofSeconds(10),
        Duration.ofMillis(20),
        () -> {
          Sample s = recorder.latest();
          return s != null && node.equals(s.soleRunner());
        });
  }

  private List<Violation> check() {
    observer.close();
    long end = System.nanoTime();
    Timeline t =
        recorder.timeline(
            observer.startNanos(),
            end,
            NODES,
            HeartbeatFile.read(spool.resolve("heartbeat"), BootClock.calibrate()).beats(),
            listFiles(mnt),
            List.of());
    System.err.println("observer: " + observer.stats());
    return new Checker(Duration.ofMillis(250)).check(t);
  }

  private static List<String> listFiles(Path dir) {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCleanHandOverPassesTheChecker() {
    own("n1", 7);
    awaitRunner("n1");
    long killed = System.nanoTime();
    // Kill the whole node: the daemon's own sleep child would otherwise keep n1's mount
    // namespace, and with it the spool mount, alive for a moment (the observer sees that).
    long n1 = net.netInode("n1").getAsLong();
    Procfs.killAll(pid -> Procfs.namespace(pid, "net").orElse(-1) == n1, 20);
    Waits.until(
        "n1 empty",
        Duration.ofSeconds(5),
        Duration.ofMillis(10),
        () -> !Procfs.any(pid -> Procfs.namespace(pid, "net").orElse(-1) == n1));
    Daemon second = own("n2", 9);
    awaitRunner("n2");
    recorder.expect(new Expectation.Recovery("hand-over", killed, killed + 5_000_000_000L));
    Waits.pause(Duration.ofMillis(300));
    second.kill();
    List<Violation> v = check();
    assertEquals(List.of(), v, "violations");
    assertTrue(recorder.samples().size() >= 4, "samples recorded: " + recorder.samples());
  }

  @Test
  void aSecondOwnerIsCaught() {
    own("n1", 7);
    awaitRunner("n1");
    own("n3", 9);
    Waits.until(
        "two daemons seen",
        Duration.ofSeconds(10),
        Duration.ofMillis(20),
        () -> recorder.latest() != null && recorder.latest().daemonCount() == 2);
    Waits.pause(Duration.ofMillis(300));
    List<Violation.Kind> kinds = check().stream().map(Violation::kind).distinct().toList();
    assertTrue(kinds.contains(Violation.Kind.TWO_MOUNTS), "caught: " + kinds);
    assertTrue(kinds.contains(Violation.Kind.TWO_DAEMONS), "caught: " + kinds);
    assertTrue(kinds.contains(Violation.Kind.STALE_HEARTBEAT), "caught: " + kinds);
  }

  @Test
  void aDaemonsOwnForkIsNotASecondDaemon() throws IOException {
    // dash runs "( ... ; true )" in a fork that keeps the parent's argv: while it lives, two
    // processes name the script, but only one daemon runs.
    Path forker = run.dir().resolve("bin/forker");
    Files.writeString(forker, "( sleep 30; true ) &\nsleep 30\n");
    Recorder r = new Recorder();
    List<Target> targets = new ArrayList<>();
    for (String n : NODES) {
      targets.add(new Target(n, net.netInode(n), "HX_NODE=" + n, mnt.toString()));
    }
    try (Observer o =
        new Observer(new ProcScanner(targets, forker.toString()), Duration.ofMillis(20), r)) {
      o.start();
      List<String> cmd = new ArrayList<>(net.enter("n1"));
      cmd.addAll(List.of("/bin/sh", "-c", "/bin/sh \"$0\" & wait", forker.toString()));
      run.closeLater(
          "forker",
          Daemon.toFile("forker", cmd, Map.of(), run.dir(), run.dir().resolve("forker.log")));
      Waits.until(
          "the forker seen",
          Duration.ofSeconds(10),
          Duration.ofMillis(20),
          () -> r.latest() != null && r.latest().daemonCount() > 0);
      Waits.pause(Duration.ofMillis(200));
      assertEquals(1, r.latest().daemonCount(), "one daemon: " + r.latest());
    }
  }

  @Test
  void aMountInOneNodeIsInvisibleToTheOthersAndTheHost() throws IOException {
    own("n2", 3);
    awaitRunner("n2");
    assertEquals(List.of(), listFiles(mnt), "the host sees the bare mountpoint");
    assertTrue(Files.exists(spool.resolve("heartbeat")), "the daemon writes into the spool");
    OptionalLong n1 = net.netInode("n1");
    assertTrue(n1.isPresent());
    assertEquals(List.of("n2"), recorder.latest().mountHolders());
  }
}
