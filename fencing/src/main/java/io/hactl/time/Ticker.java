package io.hactl.time;

/** A monotonic time source for durations; never goes backwards, unrelated to wall time. */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds from an arbitrary origin. */
  long nanos();

  /** The JVM's monotonic clock. */
  Ticker SYSTEM = System::nanoTime;
}
