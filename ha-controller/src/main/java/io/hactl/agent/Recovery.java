package io.hactl.agent;

import io.hactl.config.ServiceConfig;
import io.hactl.recovery.FailureWindow;
import io.hactl.recovery.RecoveryDecision;
import io.hactl.resource.Severity;
import io.hactl.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The recovery bookkeeping of one service on this node: its configuration, the failure window, the
 * decision after each failure, and the local ban that keeps this node off the service until its
 * failures expire. Time arithmetic saturates. Not thread-safe: used by the service's worker (the
 * configuration is volatile so that the other threads read a whole one).
 */
final class Recovery {
  private final Ticker ticker;
  private final Clock clock;
  private volatile ServiceConfig config;
  private FailureWindow window;
  private volatile long banUntilNanos;
  private volatile boolean banned;

  Recovery(ServiceConfig config, Ticker ticker, Clock clock) {
    this.config = config;
    this.ticker = ticker;
    this.clock = clock;
    this.window = new FailureWindow(ticker, config.recovery().window());
  }

  /**
   * What was decided about one failure.
   *
   * @param failedAtMillis wall-clock times of the failures in the window, oldest first
   */
  record Verdict(
      int failures, Duration window, RecoveryDecision decision, List<Long> failedAtMillis) {
    @Override
    public String toString() {
      return failures + " in " + window.toSeconds() + " s -> " + decision;
    }
  }

  void config(ServiceConfig next) {
    if (!next.recovery().window().equals(config.recovery().window())) {
      window = new FailureWindow(ticker, next.recovery().window());
    }
    config = next;
  }

  ServiceConfig config() {
    return config;
  }

  /** Records a soft failure now and decides. */
  Verdict failure() {
    return failure(Severity.SOFT);
  }

  /** Records a failure of {@code severity} now and decides. */
  Verdict failure(Severity severity) {
    int n = window.record();
    long now = clock.millis();
    List<Long> at = window.ages().stream().map(a -> now - a.toMillis()).toList();
    return new Verdict(
        n, config.recovery().window(), RecoveryDecision.decide(config.recovery(), n, severity), at);
  }

  /** Keeps this node off until every failure in the window expired; returns the wall-clock end. */
  long banAll() {
    return ban(window.untilAllExpire());
  }

  /** Keeps this node off for one recovery window; returns the wall-clock end. */
  long banWindow() {
    return ban(config.recovery().window());
  }

  private long ban(Duration d) {
    long nanos = saturatedNanos(d);
    banUntilNanos = ticker.nanos() + nanos;
    banned = true;
    long millis = nanos / 1_000_000L;
    long now = clock.millis();
    return now > Long.MAX_VALUE - millis ? Long.MAX_VALUE : now + millis;
  }

  /** Forgets every failure and the local ban (an operator's clear). */
  void clear() {
    window = new FailureWindow(ticker, config.recovery().window());
    banned = false;
  }

  boolean locallyBanned() {
    if (banned && ticker.nanos() - banUntilNanos >= 0) {
      banned = false;
    }
    return banned;
  }

  /** How often a RUNNING owner checks its tree: the shortest monitor interval set, or 10 s. */
  Duration checkInterval() {
    return config.startOrder().stream()
        .map(r -> r.monitorInterval())
        .filter(d -> !d.isZero() && !d.isNegative())
        .min(Duration::compareTo)
        .orElse(ServiceController.DEFAULT_CHECK);
  }

  long nanos() {
    return ticker.nanos();
  }

  /** A duration in nanoseconds, capped at about 146 years instead of overflowing. */
  static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) > 0 ? Long.MAX_VALUE / 2 : d.toNanos();
  }
}
