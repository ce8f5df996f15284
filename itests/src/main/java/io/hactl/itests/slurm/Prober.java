package io.hactl.itests.slurm;

import io.hactl.testkit.support.Waits;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Measures how long after a fault a controller answers again: it launches a probe every {@link
 * #EVERY}, without waiting for the previous one (a probe against an address nobody holds can take
 * seconds), and reports the launch time of the first probe that succeeded. The figure is thus
 * accurate to one interval, whatever the client's own timeouts. It is a measurement, never an
 * assertion of speed. A probe starts when a thread is free ({@value #IN_FLIGHT} at most in flight)
 * and counts from then.
 */
public final class Prober {
  public static final Duration EVERY = Duration.ofMillis(200);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final int IN_FLIGHT = 16;

  private Prober() {}

  /**
   * Probes until one succeeds or {@code window} passes; returns the success's launch time.
   *
   * @param probe one attempt, given its deadline
   * @param precondition checked at launch; a probe launched while it is false does not count
   */
  public static OptionalLong firstAnswer(
      Duration window, Predicate<Duration> probe, BooleanSupplier precondition) {
    AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    long end = System.nanoTime() + window.toNanos();
    try {
      while (System.nanoTime() < end && first.get() == Long.MAX_VALUE) {
        pool.execute(
            () -> {
              long launched = System.nanoTime();
              if (precondition.getAsBoolean() && probe.test(PROBE_TIMEOUT)) {
                first.accumulateAndGet(launched, Math::min);
              }
            });
        Waits.pause(EVERY);
      }
    } finally {
      // Queued probes are dropped; those in flight end by their own deadline, unwaited for.
      pool.shutdownNow();
    }
    long f = first.get();
    return f == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(f);
  }
}
