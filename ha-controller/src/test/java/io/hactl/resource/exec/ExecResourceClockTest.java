package io.hactl.resource.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.Lab;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TestConfigs;
import io.hactl.time.PacedFakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start timeout of a daemon is measured on the guard's clock: a forking daemon whose pidfile
 * never appears fails its start once the timeout has passed on a fake clock, not on the wall.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecResourceClockTest {
  @TempDir Path tmp;

  @Test
  void aPidfileThatNeverAppearsFailsTheStartAtTheTimeoutOfTheFakeClock() {
    Lab.assumePrograms("true");
    PacedFakeTime time = new PacedFakeTime(Duration.ofMillis(1));
    ActionGuard guard = new ActionGuard(new ProcessRunner(time, time));
    TestConfigs.Exec cfg = TestConfigs.exec("forker", "true");
    cfg.pidfile = tmp.resolve("forker.pid");
    cfg.startTimeout = Duration.ofSeconds(30);
    ExecResource r = new ExecResource(cfg.build(), guard, Map.of());

    long t0 = time.nanos();
    ResourceException e = assertThrows(ResourceException.class, r::start);
    Duration took = Duration.ofNanos(time.nanos() - t0);

    assertTrue(e.getMessage().contains("before the start timeout"), e.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(30)) >= 0, "waited the whole timeout: " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(31)) <= 0, "and not much more: " + took);
    assertEquals(ExecResource.State.STOPPED, r.state());
  }
}
