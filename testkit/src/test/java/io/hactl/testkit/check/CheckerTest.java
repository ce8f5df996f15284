package io.hactl.testkit.check;

import static io.hactl.testkit.check.NodeState.IDLE;
import static io.hactl.testkit.check.NodeState.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.testkit.check.Violation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every violation the checker can report, each fed a timeline that breaks exactly that rule. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CheckerTest {
  private final Checker checker = new Checker(Duration.ofMillis(200));

  private List<Kind> kinds(TimelineBuilder b) {
    return checker.check(b.build()).stream().map(Violation::kind).toList();
  }

  /** A clean crash failover: n1 runs, dies, n1 is fenced, n2 takes over with a later epoch. */
  private TimelineBuilder goodFailover() {
    return new TimelineBuilder()
        .at(0, "n1", running(100), "n2", IDLE, "n3", IDLE)
        .at(10_000, "n1", IDLE, "n2", IDLE, "n3", IDLE)
        .powerOff("n1", 14_000)
        .at(16_000, "n1", IDLE, "n2", NodeState.mountedOnly(), "n3", IDLE)
        .at(16_020, "n1", IDLE, "n2", running(200), "n3", IDLE)
        .beat("n1", 5, 100, 100)
        .beat("n1", 5, 9_900, 100)
        .beat("n2", 9, 16_030, 200)
        .recovery(10_000, 25_000);
  }

  @Test
  void aCleanFailoverHasNoViolation() {
    assertEquals(List.of(), checker.check(goodFailover().build()));
  }

  @Test
  void twoNodesHoldingTheMountInOneSample() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", NodeState.mountedOnly(), "n2", NodeState.mountedOnly(), "n3", IDLE);
    assertEquals(List.of(Kind.TWO_MOUNTS), kinds(b));
  }

  @Test
  void aMountSeenInOnlyOneOfTwoScansIsAHandOffNotAnOverlap() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(
                0,
                "n1",
                new NodeState(true, false, List.of()),
                "n2",
                new NodeState(false, true, List.of()));
    assertEquals(List.of(), kinds(b));
  }

  @Test
  void twoDaemonsOnDifferentNodes() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(100), "n2", new NodeState(true, false, List.of(200L)));
    // n2 also holds the mount at scan k, so only the daemon count breaks the rule.
    assertEquals(List.of(Kind.TWO_DAEMONS), kinds(b));
  }

  @Test
  void twoDaemonsOnTheSameNode() {
    assertEquals(
        List.of(Kind.TWO_DAEMONS), kinds(new TimelineBuilder().at(0, "n1", running(100, 101))));
  }

  @Test
  void aDaemonWithoutItsSpool() {
    TimelineBuilder b =
        new TimelineBuilder().at(0, "n1", new NodeState(false, true, List.of(100L)));
    assertEquals(List.of(Kind.DAEMON_WITHOUT_SPOOL), kinds(b));
  }

  @Test
  void anOverlapIsReportedOncePerEpisode() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", NodeState.mountedOnly(), "n2", NodeState.mountedOnly())
            .at(20, "n1", NodeState.mountedOnly(), "n2", running(5))
            .at(40, "n1", IDLE, "n2", running(5))
            .at(60, "n1", NodeState.mountedOnly(), "n2", running(5));
    assertEquals(List.of(Kind.TWO_MOUNTS, Kind.TWO_MOUNTS), kinds(b));
  }

  @Test
  void anEpochGoingBackwardsInTheFile() {
    TimelineBuilder b =
        // Epoch 8 was stamped before epoch 9 began, but reached the file after it.
        new TimelineBuilder().beat("n1", 7, 0, 1).beat("n2", 9, 100, 2).beat("n3", 8, 50, 3);
    assertEquals(List.of(Kind.EPOCH_REGRESSION), kinds(b));
  }

  @Test
  void aHeartbeatStampedAfterALaterEpochBegan() {
    // File order is fine (7, 9, 9), but the epoch-7 daemon stamped its line at 120 ms, after
    // the epoch-9 daemon had started at 100 ms: they overlapped.
    TimelineBuilder b =
        new TimelineBuilder().beat("n1", 7, 120, 1).beat("n2", 9, 100, 2).beat("n2", 9, 300, 2);
    assertEquals(List.of(Kind.STALE_HEARTBEAT), kinds(b));
  }

  @Test
  void oneEpochWrittenFromTwoNodes() {
    TimelineBuilder b = new TimelineBuilder().beat("n1", 7, 0, 1).beat("n2", 7, 100, 2);
    assertEquals(List.of(Kind.EPOCH_SHARED), kinds(b));
  }

  @Test
  void aFileInTheBareMountpoint() {
    assertEquals(
        List.of(Kind.WRITE_OUTSIDE_SPOOL), kinds(new TimelineBuilder().stray("heartbeat")));
  }

  @Test
  void noRecoveryBeforeTheDeadline() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(1_000, "n1", IDLE)
            .at(9_000, "n2", running(2))
            .recovery(1_000, 8_000);
    assertEquals(List.of(Kind.NOT_RECOVERED), kinds(b));
  }

  @Test
  void recoveryOnTwoNodesAtOnceIsNotRecovery() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(1_000, "n1", IDLE)
            .at(2_000, "n1", new NodeState(true, false, List.of()), "n2", running(2))
            .at(12_000, "n1", IDLE, "n2", running(2))
            .recovery(1_000, 8_000);
    assertEquals(List.of(Kind.NOT_RECOVERED), kinds(b));
  }

  @Test
  void theLostOwnerStillRunningIsNotRecovery() {
    // n1 was paused with its fence device broken: it keeps its daemon, which is safe, but the
    // service has not recovered until another node runs it.
    TimelineBuilder b =
        new TimelineBuilder().at(0, "n1", running(1)).recoveryAvoiding("n1", 1_000, 8_000);
    assertEquals(List.of(Kind.NOT_RECOVERED), kinds(b));
    TimelineBuilder ok =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(5_000, "n1", IDLE, "n2", running(2))
            .recoveryAvoiding("n1", 1_000, 8_000);
    assertEquals(List.of(), kinds(ok));
  }

  @Test
  void aRelocationThatLandsOnTheWrongNodeIsNotRecovery() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(1_500, "n1", IDLE, "n3", running(3))
            .recoveryOn("n2", 1_000, 8_000);
    assertEquals(List.of(Kind.NOT_RECOVERED), kinds(b));
  }

  @Test
  void observationEndingBeforeTheDeadlineIsNotRecovery() {
    TimelineBuilder b = new TimelineBuilder().at(0, "n1", IDLE).recovery(1_000, 8_000).end(5_000);
    assertEquals(List.of(Kind.NOT_RECOVERED), kinds(b));
  }

  @Test
  void takeoverWhileTheVictimsFenceDeviceIsBroken() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(1_000, "n1", IDLE)
            .at(6_000, "n2", running(2))
            .noTakeover("n1", 1_000, 20_000);
    assertEquals(List.of(Kind.TAKEOVER_WITHOUT_FENCE), kinds(b));
  }

  @Test
  void takeoverAfterTheFenceDeviceWasRepairedIsFine() {
    TimelineBuilder b =
        new TimelineBuilder()
            .at(0, "n1", running(1))
            .at(1_000, "n1", IDLE)
            .at(21_000, "n2", running(2))
            .noTakeover("n1", 1_000, 20_000);
    assertEquals(List.of(), kinds(b));
  }

  @Test
  void aPowerOffDuringACleanRelocation() {
    TimelineBuilder b = new TimelineBuilder().powerOff("n1", 2_000).noFence(1_000, 5_000);
    assertEquals(List.of(Kind.UNEXPECTED_FENCE), kinds(b));
  }

  @Test
  void anObserverGapLongerThanAllowed() {
    TimelineBuilder b = new TimelineBuilder().gap(1_000, 1_150).gap(2_000, 2_500);
    assertEquals(List.of(Kind.OBSERVER_BLIND), kinds(b));
  }

  @Test
  void violationsComeOutInTimeOrder() {
    TimelineBuilder b =
        goodFailover().at(30_000, "n1", running(300), "n2", running(200)).gap(20_000, 21_000);
    assertEquals(List.of(Kind.OBSERVER_BLIND, Kind.TWO_MOUNTS, Kind.TWO_DAEMONS), kinds(b));
  }
}
