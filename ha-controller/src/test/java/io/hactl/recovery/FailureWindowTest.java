package io.hactl.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hactl.FakeTicker;
import io.hactl.config.RecoveryPolicy;
import io.hactl.config.RecoveryPolicy.Action;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FailureWindowTest {
  private final FakeTicker ticker = new FakeTicker();
  private final FailureWindow window = new FailureWindow(ticker, Duration.ofSeconds(60));
  private final RecoveryPolicy policy = RecoveryPolicy.DEFAULT; // restart, 3 in 60 s

  @Test
  void threeFailuresRestartTheFourthRelocates() {
    assertEquals(RecoveryDecision.RESTART, RecoveryDecision.decide(policy, window.record()));
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(RecoveryDecision.RESTART, RecoveryDecision.decide(policy, window.record()));
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(RecoveryDecision.RESTART, RecoveryDecision.decide(policy, window.record()));
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(RecoveryDecision.RELOCATE, RecoveryDecision.decide(policy, window.record()));
  }

  @Test
  void agesAreThoseOfTheFailuresStillInTheWindowOldestFirst() {
    window.record();
    ticker.advance(Duration.ofSeconds(50));
    window.record();
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(List.of(Duration.ofSeconds(55), Duration.ofSeconds(5)), window.ages());
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(List.of(Duration.ofSeconds(10)), window.ages(), "the first one expired");
  }

  @Test
  void aFailureExactlyOneWindowOldHasExpired() {
    window.record();
    ticker.advance(Duration.ofSeconds(60));
    assertEquals(1, window.record(), "the failure 60 s ago left the (now-60s, now] window");
  }

  @Test
  void aFailureOneNanosecondInsideTheWindowStillCounts() {
    window.record();
    ticker.advance(Duration.ofSeconds(60).minusNanos(1));
    assertEquals(2, window.record());
  }

  @Test
  void failuresSpreadWiderThanTheWindowNeverRelocate() {
    for (int i = 0; i < 20; i++) {
      int n = window.record();
      assertEquals(RecoveryDecision.RESTART, RecoveryDecision.decide(policy, n), "failure " + i);
      ticker.advance(Duration.ofSeconds(21)); // at most 3 failures in any 60 s
    }
  }

  @Test
  void banLastsUntilTheNewestFailureExpires() {
    window.record();
    ticker.advance(Duration.ofSeconds(5));
    window.record();
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(55), window.untilAllExpire());
    assertEquals(Duration.ofSeconds(50), window.untilOldestExpires());
    ticker.advance(Duration.ofSeconds(55));
    assertEquals(0, window.count());
    assertEquals(Duration.ZERO, window.untilAllExpire());
  }

  @Test
  void maxRestartsZeroRelocatesOnTheFirstFailure() {
    var strict = new RecoveryPolicy(Action.RESTART, 0, Duration.ofSeconds(60));
    assertEquals(RecoveryDecision.RELOCATE, RecoveryDecision.decide(strict, window.record()));
  }

  @Test
  void relocateAndDisablePoliciesIgnoreTheCount() {
    var relocate = new RecoveryPolicy(Action.RELOCATE, 3, Duration.ofSeconds(60));
    var disable = new RecoveryPolicy(Action.DISABLE, 3, Duration.ofSeconds(60));
    assertEquals(RecoveryDecision.RELOCATE, RecoveryDecision.decide(relocate, 1));
    assertEquals(RecoveryDecision.DISABLE, RecoveryDecision.decide(disable, 1));
  }

  /** The window of issue 7: accepted once, it overflowed Duration.toNanos on the second failure. */
  @Test
  void anAbsurdWindowCountsEveryFailureAndNeverOverflows() {
    FailureWindow huge = new FailureWindow(ticker, Duration.ofHours(999_999_999));
    for (int i = 1; i <= 5; i++) {
      assertEquals(i, huge.record(), "failure " + i);
      ticker.advance(Duration.ofDays(365));
    }
    assertEquals(5, huge.count());
    Duration ban = huge.untilAllExpire();
    assertEquals(Duration.ofNanos(Long.MAX_VALUE).minus(Duration.ofDays(365)), ban);
    assertEquals(
        Duration.ofNanos(Long.MAX_VALUE).minus(Duration.ofDays(5 * 365)),
        huge.untilOldestExpires());
  }

  @Test
  void theLargestDurationAtTheEndOfTheTickerRangeIsSafe() {
    FakeTicker late = new FakeTicker();
    late.advance(Duration.ofNanos(Long.MAX_VALUE - 2_000_000_000L)); // readings about to wrap
    FailureWindow w = new FailureWindow(late, Duration.ofSeconds(Long.MAX_VALUE));
    assertEquals(1, w.record());
    late.advance(Duration.ofSeconds(3)); // the reading wraps to a negative long
    assertEquals(2, w.record());
    assertEquals(Duration.ofNanos(Long.MAX_VALUE).minusSeconds(3), w.untilOldestExpires());
  }

  @Test
  void aWindowThatExpiresAcrossATickerWrapStillExpires() {
    FakeTicker late = new FakeTicker();
    late.advance(Duration.ofNanos(Long.MAX_VALUE - 2_000_000_000L));
    FailureWindow w = new FailureWindow(late, Duration.ofSeconds(2));
    w.record();
    late.advance(Duration.ofSeconds(2)); // wraps
    assertEquals(0, w.count());
  }

  @Test
  void aWindowMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new FailureWindow(ticker, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new FailureWindow(ticker, Duration.ofSeconds(-1)));
  }
}
