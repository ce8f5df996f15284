package io.hactl.time;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A fake clock for tests that wait on real child processes: every sleep advances the fake clock by
 * its full length, as {@link FakeTime} does, and also lets a fixed slice of real time pass, so that
 * the kernel can deliver a signal or reap a child between two looks. Budgets and deadlines are
 * measured only on the fake clock; the slice just keeps the waits honest about real processes.
 */
public final class PacedFakeTime implements Ticker, Sleeper {
  private final FakeTime fake = new FakeTime();
  private final Duration slice;

  /**
   * @param slice real time that passes per sleep, e.g. 1 ms
   */
  public PacedFakeTime(Duration slice) {
    this.slice = slice;
  }

  @Override
  public long nanos() {
    return fake.nanos();
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    fake.sleep(d);
    LockSupport.parkNanos(slice.toNanos());
    if (Thread.interrupted()) {
      throw new InterruptedException("paced fake sleep interrupted");
    }
  }

  /** Moves the fake clock forward. */
  public void advance(Duration d) {
    fake.advance(d);
  }
}
