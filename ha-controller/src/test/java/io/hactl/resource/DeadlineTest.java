package io.hactl.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.FakeTicker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeadlineTest {
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void sharesOneBudgetOnItsTicker() {
    Deadline d = Deadline.after(ticker, Duration.ofSeconds(5));
    ticker.advance(Duration.ofSeconds(2));
    assertEquals(Duration.ofSeconds(3), d.remaining());
    assertEquals(Duration.ofSeconds(2), d.elapsed());
    assertEquals(Duration.ofSeconds(1), d.remainingMinus(Duration.ofSeconds(2)));
    assertEquals(Duration.ZERO, d.remainingMinus(Duration.ofSeconds(4)));
    assertFalse(d.expired());
    ticker.advance(Duration.ofSeconds(3));
    assertTrue(d.expired(), "expired at exactly the budget");
    assertEquals(Duration.ZERO, d.remaining());
    ticker.advance(Duration.ofHours(1));
    assertEquals(Duration.ZERO, d.remaining(), "never negative");
  }

  @Test
  void anAbsurdBudgetSaturatesInsteadOfOverflowing() {
    Deadline d = Deadline.after(ticker, Duration.ofHours(999_999_999));
    ticker.advance(Duration.ofDays(365 * 100));
    assertFalse(d.expired());
    assertEquals(Duration.ofNanos(Long.MAX_VALUE).minus(Duration.ofDays(365 * 100)), d.remaining());
  }

  @Test
  void aZeroOrNegativeBudgetIsExpiredAtOnce() {
    assertTrue(Deadline.after(ticker, Duration.ZERO).expired());
    assertTrue(Deadline.after(ticker, Duration.ofSeconds(-5)).expired());
    assertEquals(Duration.ZERO, Deadline.after(ticker, Duration.ofSeconds(-5)).remaining());
  }

  @Test
  void survivesTheTickerWrappingAroundTheLongRange() {
    ticker.advance(Duration.ofNanos(Long.MAX_VALUE - 2_000_000_000L)); // about to wrap
    Deadline d = Deadline.after(ticker, Duration.ofSeconds(5));
    ticker.advance(Duration.ofSeconds(3)); // the reading is now negative
    assertEquals(Duration.ofSeconds(2), d.remaining());
    assertFalse(d.expired());
    ticker.advance(Duration.ofSeconds(2));
    assertTrue(d.expired());
  }
}
