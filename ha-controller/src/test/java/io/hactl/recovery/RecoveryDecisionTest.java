package io.hactl.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.config.RecoveryPolicy;
import io.hactl.config.RecoveryPolicy.Action;
import io.hactl.resource.Severity;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The severity of a failure (OCF: soft, hard, fatal) against the service's recovery policy. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecoveryDecisionTest {
  private static final RecoveryPolicy RESTART = RecoveryPolicy.DEFAULT;
  private static final RecoveryPolicy DISABLE =
      new RecoveryPolicy(Action.DISABLE, 3, Duration.ofSeconds(60));

  @Test
  void aSoftFailureFollowsThePolicy() {
    assertEquals(RecoveryDecision.RESTART, RecoveryDecision.decide(RESTART, 1, Severity.SOFT));
    assertEquals(RecoveryDecision.RELOCATE, RecoveryDecision.decide(RESTART, 4, Severity.SOFT));
    assertEquals(RecoveryDecision.DISABLE, RecoveryDecision.decide(DISABLE, 1, Severity.SOFT));
  }

  @Test
  void aHardFailureRelocatesAtOnceUnlessThePolicyDisables() {
    assertEquals(RecoveryDecision.RELOCATE, RecoveryDecision.decide(RESTART, 1, Severity.HARD));
    assertEquals(RecoveryDecision.DISABLE, RecoveryDecision.decide(DISABLE, 1, Severity.HARD));
  }

  @Test
  void aFatalFailureDisables() {
    assertEquals(RecoveryDecision.DISABLE, RecoveryDecision.decide(RESTART, 1, Severity.FATAL));
  }
}
