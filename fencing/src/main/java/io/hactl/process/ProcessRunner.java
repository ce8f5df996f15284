package io.hactl.process;

import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs child processes with a deadline: the one place where hactl starts a program. A run that
 * passes its deadline is terminated (TERM, the spec's grace, KILL) and reported as timed out, which
 * every caller treats as a failure. Every wait of the runner and of the children it starts goes
 * through its {@link Ticker} and {@link Sleeper}, so that tests can drive it with a fake clock.
 * Stateless and thread-safe.
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final Duration KILL_WAIT = Duration.ofMillis(500);
  private static final Duration DRAIN = Duration.ofMillis(200);

  private final Ticker ticker;
  private final Sleeper sleeper;

  /** A runner on the real clock ({@link Ticker#SYSTEM}, {@link Sleeper#SYSTEM}). */
  public ProcessRunner() {
    this(Ticker.SYSTEM, Sleeper.SYSTEM);
  }

  /** A runner whose waits are measured by {@code ticker} and made with {@code sleeper}. */
  public ProcessRunner(Ticker ticker, Sleeper sleeper) {
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /** The clock of this runner's waits, for callers that share one budget with it. */
  public Ticker ticker() {
    return ticker;
  }

  /** How this runner waits, for callers that poll between its runs. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** Starts the child and returns at once; output is streamed to the log. */
  public RunningProcess start(ProcessSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true);
    builder.environment().putAll(spec.environment());
    if (spec.workdir() != null) {
      builder.directory(spec.workdir().toFile());
    }
    if (spec.stdin() == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    long t0 = ticker.nanos();
    Process process = builder.start();
    if (spec.stdin() != null) {
      try (OutputStream in = process.getOutputStream()) {
        in.write(spec.stdin().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.debug("[{} pid {}] stdin closed early: {}", spec.label(), process.pid(), e.toString());
      }
    }
    LOG.debug(
        "[{} pid {}] started: {}",
        spec.label(),
        process.pid(),
        spec.mask(String.join(" ", spec.command())));
    return new RunningProcess(spec.label(), spec::mask, process, ticker, sleeper, t0);
  }

  /**
   * Runs the child to completion or to its deadline. Never throws for the child's failure: a start
   * error, a non-zero exit and a timeout all come back as a {@link ProcessResult}. If the calling
   * thread is interrupted the child is killed and the interrupt flag is restored.
   */
  public ProcessResult run(ProcessSpec spec) {
    long t0 = ticker.nanos();
    RunningProcess child;
    try {
      child = start(spec);
    } catch (IOException e) {
      return new ProcessResult(
          spec.label(),
          -1,
          -1,
          false,
          Duration.ofNanos(ticker.nanos() - t0),
          List.of(),
          spec.mask(String.valueOf(e.getMessage())));
    }
    return finish(child, spec);
  }

  /**
   * Waits for a started child up to its spec's deadline, then terminates it (TERM, the spec's
   * grace, KILL) and reports a timeout. If the calling thread is interrupted the child is killed
   * and the interrupt flag is restored. For callers that must start the child themselves (under a
   * lock, say) but want the same bounded wait as {@link #run}.
   */
  public ProcessResult finish(RunningProcess child, ProcessSpec spec) {
    try {
      Optional<Integer> code = child.await(spec.timeout());
      if (code.isPresent()) {
        child.drain(DRAIN);
        return new ProcessResult(
            spec.label(), child.pid(), code.get(), false, child.elapsed(), child.tail(), null);
      }
      LOG.warn(
          "[{} pid {}] deadline of {} ms passed, terminating",
          spec.label(),
          child.pid(),
          spec.timeout().toMillis());
      boolean gone = child.terminate(spec.killGrace(), KILL_WAIT);
      if (!gone) {
        LOG.error(
            "[{} pid {}] did not exit after KILL (uninterruptible sleep?); abandoning it",
            spec.label(),
            child.pid());
      }
      return new ProcessResult(
          spec.label(), child.pid(), -1, true, child.elapsed(), child.tail(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        child.terminate(Duration.ZERO, KILL_WAIT);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      return new ProcessResult(
          spec.label(), child.pid(), -1, true, child.elapsed(), child.tail(), "interrupted");
    }
  }
}
