package io.hactl.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.time.FakeTime;
import io.hactl.time.PacedFakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real children, waited for on a fake clock: the runner's deadlines and the TERM grace are measured
 * by the runner's ticker, so an hour-long deadline passes within the test's timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerClockTest {
  /** A child that ignores TERM (an ignored signal stays ignored across exec). */
  private static final List<String> STUBBORN =
      List.of("/bin/sh", "-c", "trap '' TERM; exec sleep 100");

  @Test
  void anHourLongDeadlinePassesOnTheFakeClock() {
    FakeTime time = new FakeTime();
    ProcessRunner runner = new ProcessRunner(time, time);
    long t0 = time.nanos();
    ProcessResult r =
        runner.run(ProcessSpec.of("sleeper", Duration.ofHours(1), List.of("sleep", "100")));

    assertTrue(r.timedOut(), r.describe());
    assertTrue(r.elapsed().compareTo(Duration.ofHours(1)) >= 0, r.describe());
    assertEquals(r.elapsed(), Duration.ofNanos(time.nanos() - t0), "elapsed is the fake clock's");
    await("the timed-out child is killed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(r.pid()).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void terminateGivesTermTheWholeGraceOnTheFakeClockThenKills() throws Exception {
    PacedFakeTime time = new PacedFakeTime(Duration.ofMillis(1));
    ProcessRunner runner = new ProcessRunner(time, time);
    RunningProcess child =
        runner.start(ProcessSpec.of("stubborn", Duration.ofMinutes(1), STUBBORN));
    await("the child has set up its trap")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ProcessHandle.of(child.pid())
                    .flatMap(h -> h.info().command())
                    .map(c -> c.endsWith("sleep"))
                    .orElse(false));
    long t0 = time.nanos();
    boolean gone;
    List<String> log;
    try (LogCapture capture = new LogCapture()) {
      gone = child.terminate(Duration.ofSeconds(10), Duration.ofSeconds(5));
      log = capture.messages();
    }
    Duration took = Duration.ofNanos(time.nanos() - t0);

    assertTrue(gone, "gone (dead, perhaps not yet reaped) after KILL");
    await("the JDK reaps the killed child")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !child.isAlive());
    assertTrue(
        log.contains(
            "[stubborn pid " + child.pid() + "] still running 10000 ms after TERM, sending KILL"),
        String.join("\n", log));
    assertTrue(took.compareTo(Duration.ofSeconds(10)) >= 0, "the grace ran out, took " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(15)) <= 0, "within grace + kill wait: " + took);
  }

  @Test
  void aQuickChildIsSeenOnAPacedFakeClock() {
    PacedFakeTime time = new PacedFakeTime(Duration.ofMillis(1));
    ProcessResult r =
        new ProcessRunner(time, time)
            .run(
                ProcessSpec.of(
                    "three", Duration.ofSeconds(30), List.of("/bin/sh", "-c", "exit 3")));

    assertFalse(r.timedOut(), r.describe());
    assertEquals(3, r.exitCode());
  }
}
