package io.hactl.resource;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child to its deadline and, when the deadline passes, sends KILL at once and waits only a
 * short time: for steps of an emergency stop, whose whole budget is a few seconds. {@link
 * ProcessRunner#run} grants TERM a grace and waits longer for KILL, which is right elsewhere. A
 * child stuck in uninterruptible sleep is abandoned, not waited for.
 */
public final class TightRun {
  private TightRun() {}

  private static final Logger LOG = LoggerFactory.getLogger(TightRun.class);

  /** Runs {@code spec} through {@code runner}; never throws for the child's failure. */
  public static ProcessResult run(ProcessRunner runner, ProcessSpec spec, Duration killWait) {
    RunningProcess child;
    try {
      child = runner.start(spec);
    } catch (IOException e) {
      return new ProcessResult(
          spec.label(), -1, -1, false, Duration.ZERO, List.of(), e.getMessage());
    }
    try {
      Optional<Integer> code = child.await(spec.timeout());
      if (code.isPresent()) {
        return new ProcessResult(
            spec.label(), child.pid(), code.get(), false, child.elapsed(), child.tail(), null);
      }
      LOG.warn(
          "[{} pid {}] deadline of {} ms passed, killing",
          spec.label(),
          child.pid(),
          spec.timeout().toMillis());
      if (!child.terminate(Duration.ZERO, killWait)) {
        LOG.warn("[{} pid {}] did not exit after KILL; abandoning it", spec.label(), child.pid());
      }
      return new ProcessResult(
          spec.label(), child.pid(), -1, true, child.elapsed(), child.tail(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProcessResult(
          spec.label(), child.pid(), -1, true, child.elapsed(), child.tail(), "interrupted");
    }
  }
}
