package io.hactl.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ServiceConfig;
import io.hactl.process.LogCapture;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.exec.ExecResource;
import io.hactl.time.FakeTime;
import io.hactl.time.PacedFakeTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emergency stop of DESIGN rule 4 (TERM, grace, KILL, unmount) timed on a fake clock: a real
 * bind mount, a real daemon and a real holder that both ignore TERM, so each grace runs out in full
 * on the fake clock before KILL, and the tree accounts its budget by that clock. The fake clock
 * lets a millisecond of real time pass per look, so that KILLed children can really die.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmergencyStopClockTest {
  /** One process that ignores TERM (an ignored signal stays ignored across exec). */
  private static final String STUBBORN = "trap '' TERM; exec sleep 1000";

  private static final Duration DAEMON_GRACE = Duration.ofSeconds(3);
  private static final Duration HOLDER_GRACE = Duration.ofSeconds(2);
  private static final Duration UNMOUNT = Duration.ofSeconds(1);

  @TempDir Path tmp;
  private final Lab lab = new Lab();
  private final ProcState procs = new ProcState();

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
  }

  @Test
  void termGraceKillThenUnmountEachGraceInFullOnTheFakeClock() throws Exception {
    Lab.assumeRootWith("mount", "umount", "sh", "sleep", "mkdir");
    PacedFakeTime time = new PacedFakeTime(Duration.ofMillis(1));
    ActionGuard guard = new ActionGuard(new ProcessRunner(time, time));
    Path source = Files.createDirectories(tmp.resolve("src"));
    Path mp = tmp.resolve("mnt");
    lab.cleanUpMount(mp);
    TestConfigs.Exec daemon = TestConfigs.exec("daemon", "sh", "-c", STUBBORN);
    daemon.termGrace = DAEMON_GRACE;
    TestConfigs.Fs spool = TestConfigs.fs("spool", source, mp);
    spool.termGrace = HOLDER_GRACE;
    spool.unmountTimeout = UNMOUNT;
    spool.children = List.of(daemon.build());
    ServiceConfig service = TestConfigs.service("s1", spool.build());
    ResourceTree tree =
        new ResourceTree(service, guard, Map.of(), "c1", 1, ResourceFactory.standard());
    tree.startAll();
    ProcessHandle holder = lab.spawn(mp, "sh", "-c", STUBBORN).toHandle();
    ProcessHandle daemonProcess = daemonOf(tree);
    Duration budget = service.emergencyStopBudget();
    assertEquals(Duration.ofMillis(6400), budget, "3s + 200ms + 2s + 200ms + 1s");

    long t0 = time.nanos();
    boolean gone;
    List<String> log;
    try (LogCapture capture = new LogCapture()) {
      gone = tree.emergencyStopAll();
      log = capture.messages();
    }
    Duration took = Duration.ofNanos(time.nanos() - t0);

    assertTrue(gone, String.join("\n", log));
    assertFalse(Lab.mounted(mp), "unmounted");
    assertTrue(procs.isGone(daemonProcess), "daemon gone");
    assertTrue(procs.isGone(holder), "holder gone");
    assertTrue(
        took.compareTo(DAEMON_GRACE.plus(HOLDER_GRACE)) >= 0,
        "both graces ran out in full before KILL, took " + took);
    assertTrue(took.compareTo(budget) <= 0, "within the budget, took " + took);
    int daemonKill =
        indexOf(log, "daemon: pids " + daemonProcess.pid() + " still running 3000 ms after TERM");
    assertTrue(
        log.stream().noneMatch(l -> l.contains("lazily")), "a plain umount sufficed: " + log);
    int holderKill = indexOf(log, "spool holders: pids " + holder.pid());
    int unmounted = indexOf(log, "spool: emergency stop done in ");
    assertTrue(log.get(holderKill).contains("still running 2000 ms after TERM, sending KILL"));
    assertTrue(daemonKill < holderKill && holderKill < unmounted, String.join("\n", log));
    String done = log.get(indexOf(log, "s1: emergency stop done in "));
    assertEquals(
        "s1: emergency stop done in " + took.toMillis() + " ms (budget 6400 ms)",
        done,
        "the tree reports the fake clock's time");
  }

  @Test
  void aTreeThatTakesLongerThanItsBudgetSaysSoByTheFakeClock() {
    FakeTime time = new FakeTime();
    ActionGuard guard = new ActionGuard(new ProcessRunner(time, time));
    TestConfigs.Exec slow = TestConfigs.exec("slow", "true");
    slow.termGrace = Duration.ofMillis(800); // budget 800ms + 200ms kill wait
    ServiceConfig service = TestConfigs.service("s2", slow.build());
    ResourceFactory taking = (c, g, env) -> new SlowStop(c.name(), time, Duration.ofMillis(1500));
    ResourceTree tree = new ResourceTree(service, guard, Map.of(), "c1", 1, taking);

    List<String> log;
    try (LogCapture capture = new LogCapture()) {
      assertTrue(tree.emergencyStopAll());
      log = capture.messages();
    }
    assertTrue(
        log.contains("s2: emergency stop done but took 1500 ms, over its budget of 1000 ms"),
        String.join("\n", log));
  }

  private static int indexOf(List<String> log, String prefix) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no log line starting with \"" + prefix + "\" in\n" + log);
  }

  private static ProcessHandle daemonOf(ResourceTree tree) {
    long pid = ((ExecResource) tree.resources().get(1)).pid().orElseThrow();
    return ProcessHandle.of(pid).orElseThrow();
  }

  /** A resource whose emergency stop takes a fixed time on the fake clock. */
  private record SlowStop(String name, FakeTime time, Duration takes) implements Resource {
    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public boolean emergencyStop() {
      time.advance(takes);
      return true;
    }

    @Override
    public Health monitor(int depth) {
      return Health.RUNNING;
    }

    @Override
    public void onFailure(FailureListener listener) {}
  }
}
