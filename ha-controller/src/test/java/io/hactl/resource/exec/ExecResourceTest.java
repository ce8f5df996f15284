package io.hactl.resource.exec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.Health;
import io.hactl.resource.Lab;
import io.hactl.resource.ProcState;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real daemons: sh and sleep, foreground and forking, with real signals. */
@Timeout(60)
class ExecResourceTest {
  private static final String STUBBORN = "trap '' TERM; while :; do sleep 0.1; done";

  @TempDir Path tmp;
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());
  private final ProcState procs = new ProcState();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private ExecResource resource;

  @BeforeEach
  void needShell() {
    Lab.assumePrograms("sh", "sleep");
  }

  @AfterEach
  void stopWhatRuns() {
    if (resource != null) {
      assertTrue(resource.emergencyStop(), "clean-up stop");
    }
  }

  private ExecResource build(TestConfigs.Exec cfg) {
    return build(cfg, Map.of());
  }

  private ExecResource build(TestConfigs.Exec cfg, Map<String, String> env) {
    resource = new ExecResource(cfg.build(), guard, env);
    resource.onFailure((name, why) -> failures.add(name + ": " + why));
    return resource;
  }

  private long pid(ExecResource r) {
    return r.pid().orElseThrow();
  }

  @Test
  void foregroundDaemonStartsMonitorsAndStopsWithoutAFailureReport() throws Exception {
    ExecResource r = build(TestConfigs.exec("d", "sleep", "300"));
    assertEquals(Health.STOPPED, r.monitor(0));
    r.start();
    long pid = pid(r);
    assertTrue(procs.isRunning(pid));
    r.start(); // idempotent
    assertEquals(pid, pid(r));
    assertEquals(Health.RUNNING, r.monitor(0));
    r.stop();
    assertFalse(procs.isRunning(pid));
    assertEquals(Health.STOPPED, r.monitor(0));
    assertEquals(ExecResource.State.STOPPED, r.state());
    assertTrue(failures.isEmpty(), "a requested stop is not a failure: " + failures);
  }

  @Test
  void foregroundDeathIsReportedPromptlyThroughTheListener() throws Exception {
    Path go = tmp.resolve("go");
    ExecResource r =
        build(
            TestConfigs.exec(
                "d",
                "sh",
                "-c",
                "while [ ! -e \"$1\" ]; do sleep 0.05; done; exit 7",
                "sh",
                go.toString()));
    r.start();
    assertTrue(failures.isEmpty());
    long t0 = System.nanoTime();
    Files.writeString(go, "");
    await("the daemon's death reaches the failure listener")
        .atMost(Duration.ofSeconds(1))
        .until(() -> !failures.isEmpty());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("d: daemon exited with status 7", failures.get(0));
    assertTrue(ms < 500, "noticed from the exit itself, not a poll: " + ms + " ms");
    assertEquals(Health.FAILED, r.monitor(0));
    assertEquals(1, failures.size());
  }

  @Test
  void stopKillsADaemonThatIgnoresTermAndItsChildren() throws Exception {
    TestConfigs.Exec cfg = TestConfigs.exec("d", "sh", "-c", STUBBORN);
    cfg.stopTimeout = Duration.ofMillis(500);
    ExecResource r = build(cfg);
    r.start();
    long pid = pid(r);
    List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().children().toList();
    long t0 = System.nanoTime();
    r.stop();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(procs.isRunning(pid));
    children.forEach(c -> assertFalse(procs.isRunning(c.pid()), "child " + c.pid()));
    assertTrue(ms >= 450 && ms < 1_500, "TERM, stop timeout, KILL: " + ms + " ms");
  }

  @Test
  void emergencyStopIsBoundedByTermGraceAndKillWait() throws Exception {
    TestConfigs.Exec cfg = TestConfigs.exec("d", "sh", "-c", STUBBORN);
    cfg.termGrace = Duration.ofMillis(300);
    ExecResource r = build(cfg);
    r.start();
    long pid = pid(r);
    long t0 = System.nanoTime();
    assertTrue(r.emergencyStop());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(procs.isRunning(pid));
    long budget = cfg.build().emergencyBudget().toMillis();
    assertTrue(ms <= budget + 200, "took " + ms + " ms, budget " + budget + " ms");
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void readyCommandGatesTheStart() throws Exception {
    Path flag = tmp.resolve("ready");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d", "sh", "-c", "sleep 1; : > \"$1\"; exec sleep 300", "sh", flag.toString());
    cfg.ready = List.of("test", "-e", flag.toString());
    ExecResource r = build(cfg);
    long t0 = System.nanoTime();
    r.start();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(Files.exists(flag), "start returned only once the ready command passed");
    assertTrue(ms >= 900, "waited for readiness: " + ms + " ms");
  }

  @Test
  void aDaemonNeverReadyFailsTheStartAtItsTimeoutAndIsKilled() throws Exception {
    Path pidFile = tmp.resolve("pid");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d", "sh", "-c", "echo $$ > \"$1\"; exec sleep 300", "sh", pidFile.toString());
    cfg.ready = List.of("false");
    cfg.startTimeout = Duration.ofSeconds(1);
    ExecResource r = build(cfg);
    ResourceException e = assertThrows(ResourceException.class, r::start);
    assertTrue(e.getMessage().contains("not ready within the start timeout"), e.getMessage());
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertFalse(procs.isRunning(pid), "the half-started daemon was killed");
    assertTrue(failures.isEmpty(), "a failed start is reported by the exception only");
  }

  @Test
  void startFailsAtOnceWhenTheDaemonExitsImmediately() throws Exception {
    TestConfigs.Exec cfg = TestConfigs.exec("d", "sh", "-c", "echo bad config; exit 3");
    cfg.ready = List.of("false");
    cfg.startTimeout = Duration.ofSeconds(20);
    ExecResource r = build(cfg);
    long t0 = System.nanoTime();
    ResourceException e = assertThrows(ResourceException.class, r::start);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    assertTrue(ms < 2_000, "did not wait for the start timeout: " + ms + " ms");
    TestConfigs.Exec noReady = TestConfigs.exec("d2", "sh", "-c", "exit 4");
    ExecResource r2 = build(noReady);
    ResourceException e2 = assertThrows(ResourceException.class, r2::start);
    assertTrue(e2.getMessage().contains("exited with status 4"), e2.getMessage());
  }

  @Test
  void forkingDaemonIsFoundThroughItsPidfileAndStopped() throws Exception {
    Path pidfile = tmp.resolve("d.pid");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d",
            "sh",
            "-c",
            "sleep 300 >/dev/null 2>&1 & echo $! > \"$1\"",
            "sh",
            pidfile.toString());
    cfg.pidfile = pidfile;
    ExecResource r = build(cfg);
    r.start();
    long pid = pid(r);
    assertEquals(Long.toString(pid), Files.readString(pidfile).strip());
    assertTrue(procs.isRunning(pid));
    assertEquals(Health.RUNNING, r.monitor(0));
    r.stop();
    assertFalse(procs.isRunning(pid));
    assertEquals(Health.STOPPED, r.monitor(0));
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void forkingDaemonDeathIsReported() throws Exception {
    Path pidfile = tmp.resolve("d.pid");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d",
            "sh",
            "-c",
            "sleep 300 >/dev/null 2>&1 & echo $! > \"$1\"",
            "sh",
            pidfile.toString());
    cfg.pidfile = pidfile;
    ExecResource r = build(cfg);
    r.start();
    ProcessHandle.of(pid(r)).orElseThrow().destroyForcibly();
    await("the forking daemon's death reaches the failure listener")
        .atMost(Duration.ofSeconds(2))
        .until(() -> !failures.isEmpty());
    assertTrue(failures.get(0).startsWith("d: daemon is gone"), failures.toString());
    assertEquals(Health.FAILED, r.monitor(0));
  }

  @Test
  void forkingDaemonThatDiesAtOnceFailsTheStart() throws Exception {
    Path pidfile = tmp.resolve("d.pid");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d", "sh", "-c", "sh -c 'exit 1' & echo $! > \"$1\"; wait", "sh", pidfile.toString());
    cfg.pidfile = pidfile;
    cfg.startTimeout = Duration.ofSeconds(20);
    ExecResource r = build(cfg);
    long t0 = System.nanoTime();
    ResourceException e = assertThrows(ResourceException.class, r::start);
    assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "failed at once");

    TestConfigs.Exec failing = TestConfigs.exec("d2", "sh", "-c", "echo no; exit 2");
    failing.pidfile = pidfile;
    ExecResource r2 = build(failing);
    ResourceException e2 = assertThrows(ResourceException.class, r2::start);
    assertTrue(e2.getMessage().contains("start command failed"), e2.getMessage());
  }

  @Test
  void runsAsTheConfiguredUserWithTheEnvironmentAndWorkdir() throws Exception {
    Lab.assume(Lab.isRoot(), "needs root to switch users");
    Lab.assumePrograms("runuser", "id");
    Lab.assume(userExists("nobody"), "needs the user 'nobody'");
    Path dir = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path out = dir.resolve("out");
    TestConfigs.Exec cfg =
        TestConfigs.exec(
            "d",
            "sh",
            "-c",
            "printf '%s|%s|%s|%s' \"$(id -un)\" \"$HACTL_EPOCH\" \"$FOO\" \"$(pwd)\" > \"$1\";"
                + " exec sleep 300",
            "sh",
            out.toString());
    cfg.user = "nobody";
    cfg.workdir = dir;
    cfg.environment = Map.of("FOO", "from-config", "HACTL_EPOCH", "forged");
    ExecResource r = build(cfg, Map.of("HACTL_EPOCH", "42"));
    r.start();
    await("the daemon wrote who it is")
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(out));
    await("the daemon finished writing")
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.readString(out).split("\\|").length == 4);
    assertEquals("nobody|42|from-config|" + dir, Files.readString(out));
    long runuser = pid(r);
    List<ProcessHandle> tree = ProcessHandle.of(runuser).orElseThrow().descendants().toList();
    assertFalse(tree.isEmpty(), "runuser runs the daemon as its child");
    r.stop();
    assertFalse(procs.isRunning(runuser));
    tree.forEach(h -> assertFalse(procs.isRunning(h.pid()), "descendant " + h.pid()));
  }

  @Test
  void monitorCommandDecidesHealthWithinItsTimeout() throws Exception {
    Path flag = Files.writeString(tmp.resolve("healthy"), "");
    TestConfigs.Exec cfg = TestConfigs.exec("d", "sleep", "300");
    cfg.monitor = List.of("test", "-e", flag.toString());
    ExecResource r = build(cfg);
    r.start();
    assertEquals(Health.RUNNING, r.monitor(0));
    Files.delete(flag);
    assertEquals(Health.FAILED, r.monitor(0));
    r.stop();

    TestConfigs.Exec hanging = TestConfigs.exec("d2", "sleep", "300");
    hanging.monitor = List.of("sleep", "30");
    hanging.monitorTimeout = Duration.ofMillis(300);
    ExecResource r2 = build(hanging);
    r2.start();
    long t0 = System.nanoTime();
    assertEquals(Health.FAILED, r2.monitor(0));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 2_500, "a hung monitor is cut at its timeout: " + ms + " ms");
  }

  @Test
  void afterRevokeStartIsRefusedAndNothingRuns() throws Exception {
    Path marker = tmp.resolve("ran");
    ExecResource r =
        build(
            TestConfigs.exec(
                "d", "sh", "-c", ": > \"$1\"; exec sleep 300", "sh", marker.toString()));
    guard.revoke();
    ResourceException e = assertThrows(ResourceException.class, r::start);
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    assertTrue(r.pid().isEmpty());
    assertFalse(Files.exists(marker));
  }

  private static boolean userExists(String user) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .anyMatch(l -> l.startsWith(user + ":"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
