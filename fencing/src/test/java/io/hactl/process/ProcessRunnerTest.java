package io.hactl.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs real child processes through {@link ProcessRunner}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerTest {
  private final ProcessRunner runner = new ProcessRunner();

  private static ProcessSpec sh(String script, Duration timeout) {
    return ProcessSpec.of("test", timeout, List.of("/bin/sh", "-c", script));
  }

  @Test
  void reportsExitCodes() {
    ProcessResult ok = runner.run(sh("exit 0", Duration.ofSeconds(10)));
    ProcessResult three = runner.run(sh("exit 3", Duration.ofSeconds(10)));

    assertTrue(ok.succeeded(), ok.describe());
    assertEquals(0, ok.exitCode());
    assertFalse(three.succeeded(), three.describe());
    assertEquals(3, three.exitCode());
    assertFalse(three.timedOut());
    assertTrue(three.pid() > 0);
  }

  @Test
  void deliversStdin() {
    ProcessResult r =
        runner.run(
            sh("read a; read b; echo \"got $a $b\"", Duration.ofSeconds(10))
                .withStdin("one\ntwo\n"));

    assertTrue(r.succeeded(), r.describe());
    assertEquals(List.of("got one two"), r.output());
  }

  @Test
  void keepsTheLastTwentyLinesOfStdoutAndStderr() {
    ProcessResult r =
        runner.run(
            sh(
                "i=0; while [ $i -lt 50 ]; do echo line$i; i=$((i+1)); done; echo oops >&2; exit 1",
                Duration.ofSeconds(10)));

    assertEquals(20, r.output().size(), r.output().toString());
    assertEquals("line31", r.output().get(0));
    assertEquals("oops", r.output().get(19));
    assertTrue(r.describe().contains("exit 1") && r.describe().contains("oops"), r.describe());
  }

  @Test
  void deadlineKillsTheChildAndReportsTimeout() {
    long t0 = System.nanoTime();
    ProcessResult r =
        runner.run(ProcessSpec.of("sleeper", Duration.ofMillis(300), List.of("sleep", "30")));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertTrue(r.timedOut(), r.describe());
    assertFalse(r.succeeded());
    assertEquals(-1, r.exitCode());
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "took " + took);
    assertTrue(gone(r.pid()), "child " + r.pid() + " still alive");
  }

  @Test
  void childThatIgnoresTermIsKilledAfterTheGrace() throws IOException {
    Path pidFile = Files.createTempFile("grandchild", ".pid");
    try {
      ProcessSpec spec =
          sh("trap '' TERM; sleep 30 & echo $! > '" + pidFile + "'; wait", Duration.ofSeconds(1))
              .withKillGrace(Duration.ofMillis(700));
      long t0 = System.nanoTime();
      ProcessResult r = runner.run(spec);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertTrue(r.timedOut(), r.describe());
      // TERM was ignored, so the run lasted the deadline plus the whole grace, then KILL.
      assertTrue(took.compareTo(Duration.ofMillis(1700)) >= 0, "took " + took);
      assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
      assertTrue(gone(r.pid()), "shell " + r.pid() + " still alive");
      long sleeper = Long.parseLong(Files.readString(pidFile).trim());
      await("sleep " + sleeper + " (ignores TERM) killed")
          .atMost(Duration.ofSeconds(5))
          .until(() -> gone(sleeper));
    } finally {
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void descendantsAreKilledToo() {
    ProcessResult r;
    try (LogCapture logs = new LogCapture()) {
      r =
          runner.run(
              sh("sleep 30 & echo $!; (sleep 31 & echo $!; wait) & wait", Duration.ofSeconds(1)));
      assertTrue(
          logs.messages().stream().noneMatch(m -> m.contains("did not exit after KILL")),
          "false alarm about survivors: " + logs.messages());
    }

    assertTrue(r.timedOut(), r.describe());
    assertEquals(2, r.output().size(), r.output().toString());
    for (String line : r.output()) {
      long pid = Long.parseLong(line.trim());
      await("descendant " + pid + " killed").atMost(Duration.ofSeconds(5)).until(() -> gone(pid));
    }
  }

  @Test
  void terminateConfirmsDescendantsThatDieOnTermWithoutWaitingForTheirReaper() throws Exception {
    // The sleeps are reparented to PID 1 when the shell dies; a slow reaper leaves them zombies
    // for a while, and a zombie is gone for every purpose that matters here.
    RunningProcess child = runner.start(sh("sleep 30 & sleep 31 & wait", Duration.ofSeconds(30)));
    await("both sleeps started")
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child.pid()).orElseThrow().descendants().count() == 2);
    List<Long> sleeps =
        ProcessHandle.of(child.pid()).orElseThrow().descendants().map(ProcessHandle::pid).toList();

    long t0 = System.nanoTime();
    boolean gone = child.terminate(Duration.ofSeconds(5), Duration.ofMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertTrue(gone, "terminate reported survivors");
    assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "TERM worked, yet took " + took);
    for (long pid : sleeps) {
      assertTrue(gone(pid), "sleep " + pid + " still alive");
    }
  }

  @Test
  void missingProgramIsAnErrorResultNotAnException() {
    ProcessResult r =
        runner.run(
            ProcessSpec.of(
                "missing", Duration.ofSeconds(5), List.of("/nonexistent/dir/no_such_prog")));

    assertFalse(r.succeeded());
    assertNotNull(r.error());
    assertEquals(-1, r.pid());
    assertFalse(r.timedOut());
    assertTrue(r.describe().contains("could not start"), r.describe());
  }

  @Test
  void interruptKillsTheChildAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    ProcessResult r;
    try {
      r = runner.run(ProcessSpec.of("sleeper", Duration.ofSeconds(30), List.of("sleep", "30")));
    } finally {
      assertTrue(Thread.interrupted(), "interrupt flag was not restored");
    }
    assertFalse(r.succeeded());
    assertEquals("interrupted", r.error());
    assertTrue(gone(r.pid()), "child " + r.pid() + " still alive");
  }

  @Test
  void secretsAreMaskedInOutputAndLog() {
    String secret = "hunter2-" + System.nanoTime();
    ProcessResult r;
    try (LogCapture logs = new LogCapture()) {
      r =
          runner.run(
              sh("read p; echo \"the password is $p\"", Duration.ofSeconds(10))
                  .withStdin(secret + "\n")
                  .withSecrets(List.of(secret)));
      assertTrue(
          logs.messages().stream().anyMatch(m -> m.contains("the password is ****")),
          logs.messages().toString());
      assertTrue(
          logs.messages().stream().noneMatch(m -> m.contains(secret)), logs.messages().toString());
    }
    assertEquals(List.of("the password is ****"), r.output());
  }

  @Test
  void specToStringNeverShowsStdinOrSecrets() {
    ProcessSpec spec =
        sh("cat", Duration.ofSeconds(1))
            .withStdin("passwd=s3cr3t\n")
            .withSecrets(List.of("s3cr3t"));

    assertFalse(spec.toString().contains("s3cr3t"), spec.toString());
  }

  /** Gone: no such process, or a zombie waiting for its reaper (it can do nothing more). */
  static boolean gone(long pid) {
    Path stat = Path.of("/proc/" + pid + "/stat");
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }
}
