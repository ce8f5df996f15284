package io.hactl.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.process.LogCapture;
import io.hactl.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fences nodes through levels of real fence_dummy devices. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeFencerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final NodeFencer fencer = new NodeFencer(new FenceAgentsAdapter(new ProcessRunner()));
  private final List<FenceAttempt> heard = new ArrayList<>();

  @BeforeEach
  void needsFenceDummy() {
    FenceDummy.assumeInstalled();
  }

  @Test
  void firstSuccessfulLevelEndsIt() {
    Path psu = FenceDummy.poweredOn(dir, "psu");
    Path spare = FenceDummy.poweredOn(dir, "spare");
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(FenceDummy.device(psu, TIMEOUT)),
                List.of(FenceDummy.device(spare, TIMEOUT))));

    NodeFenceResult result = fencer.fence(target, heard::add);

    assertTrue(result.success(), result.outcome().detail());
    assertTrue(result.outcome().detail().startsWith("node n1 fenced by level 1"));
    assertEquals("off", FenceDummy.power(psu));
    assertEquals("on", FenceDummy.power(spare), "level 2 must not be tried");
    assertEquals(1, result.attempts().size());
    assertEquals(result.attempts(), heard);
  }

  @Test
  void failingLevelFallsThroughToTheNext() {
    Path spare = FenceDummy.poweredOn(dir, "spare");
    FenceDevice failing =
        FenceDummy.device(
            "off", dir.resolve("unused"), TIMEOUT, Map.of("type", "fail", "power_timeout", "3"));
    FenceTarget target =
        new FenceTarget(
            "n1", List.of(List.of(failing), List.of(FenceDummy.device(spare, TIMEOUT))));

    NodeFenceResult result = fencer.fence(target, heard::add);

    assertTrue(result.success(), result.outcome().detail());
    assertTrue(result.outcome().detail().contains("level 2"), result.outcome().detail());
    assertEquals("off", FenceDummy.power(spare));
    assertEquals(2, result.attempts().size());
    FenceAttempt first = result.attempts().get(0);
    assertEquals(1, first.level());
    assertFalse(first.outcome().success());
    assertTrue(
        first
            .outcome()
            .detail()
            .startsWith("level 1 device 1/1: fence_dummy off of node n1: failed"),
        first.outcome().detail());
    FenceAttempt second = result.attempts().get(1);
    assertEquals(2, second.level());
    assertTrue(second.outcome().success(), second.outcome().detail());
    assertEquals(result.attempts(), heard);
  }

  @Test
  void oneFailingDeviceFailsItsLevel() {
    Path psu1 = FenceDummy.poweredOn(dir, "psu1");
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(
                    FenceDummy.device(psu1, TIMEOUT), FenceDummy.broken(dir, "psu2", TIMEOUT))));

    NodeFenceResult result = fencer.fence(target, heard::add);

    assertFalse(result.success(), result.outcome().detail());
    assertEquals("off", FenceDummy.power(psu1), "the first device did run");
    assertEquals(2, result.attempts().size());
    assertTrue(result.attempts().get(0).outcome().success());
    assertFalse(result.attempts().get(1).outcome().success());
    String detail = result.outcome().detail();
    assertTrue(detail.contains("level 1 device 2/2: fence_dummy off of node n1: failed"), detail);
    assertTrue(detail.contains("hactl fence ack n1"), detail);
  }

  @Test
  void twoDevicesThatBothSucceedFenceTheNode() {
    Path psu1 = FenceDummy.poweredOn(dir, "psu1");
    Path psu2 = FenceDummy.poweredOn(dir, "psu2");
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(List.of(FenceDummy.device(psu1, TIMEOUT), FenceDummy.device(psu2, TIMEOUT))));

    NodeFenceResult result = fencer.fence(target);

    assertTrue(result.success(), result.outcome().detail());
    assertEquals("off", FenceDummy.power(psu1));
    assertEquals("off", FenceDummy.power(psu2));
  }

  @Test
  void rebootAcrossSeveralDevicesTurnsAllOffBeforeAnyOn() {
    Path psu1 = FenceDummy.poweredOn(dir, "psu1");
    Path psu2 = FenceDummy.poweredOn(dir, "psu2");
    List<String> seen = new ArrayList<>();
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(
                    FenceDummy.device("reboot", psu1, TIMEOUT, Map.of()),
                    FenceDummy.device("reboot", psu2, TIMEOUT, Map.of()))));

    NodeFenceResult result =
        fencer.fence(
            target,
            a -> {
              // The power state of both supplies when each call returned.
              seen.add(
                  a.action().wire()
                      + a.device()
                      + ":"
                      + FenceDummy.power(psu1)
                      + FenceDummy.power(psu2));
            });

    assertTrue(result.success(), result.outcome().detail());
    assertEquals(
        List.of(
            "off1:offon",
            "status1:offon",
            "off2:offoff",
            "status2:offoff",
            "on1:onoff",
            "on2:onon"),
        seen);
  }

  @Test
  void rebootIsOffConfirmedByStatusAndPowerOnWaitsUntilTheFenceReturned() {
    Path psu = FenceDummy.poweredOn(dir, "psu");
    List<Runnable> held = new ArrayList<>();
    NodeFencer deferred = new NodeFencer(new FenceAgentsAdapter(new ProcessRunner()), held::add);
    FenceTarget target =
        new FenceTarget(
            "n1", List.of(List.of(FenceDummy.device("reboot", psu, TIMEOUT, Map.of()))));

    NodeFenceResult result = deferred.fence(target, heard::add);

    assertTrue(result.success(), result.outcome().detail());
    assertTrue(result.outcome().detail().contains("off confirmed"), result.outcome().detail());
    assertEquals("off", FenceDummy.power(psu), "fenced means off when fence() returns");
    assertEquals(
        List.of(FenceAction.OFF, FenceAction.STATUS),
        heard.stream().map(FenceAttempt::action).toList());
    assertEquals(result.attempts(), heard);
    assertEquals(1, held.size(), "one power-on handed to the executor");

    held.get(0).run();

    assertEquals("on", FenceDummy.power(psu));
    FenceAttempt on = heard.get(2);
    assertEquals(FenceAction.ON, on.action());
    assertTrue(on.outcome().success(), on.outcome().detail());
    assertEquals(2, result.attempts().size(), "the result is not changed after it was returned");
  }

  @Test
  void rebootWhoseStatusDoesNotSayOffFailsTheLevel() {
    // fence_dummy's type=fail fails "off"; a status file that is neither on nor off makes status
    // fail too: either way the level must not count as fenced.
    Path spare = FenceDummy.poweredOn(dir, "spare");
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(
                    FenceDummy.device(
                        "reboot",
                        dir.resolve("unused"),
                        TIMEOUT,
                        Map.of("type", "fail", "power_timeout", "3"))),
                List.of(FenceDummy.device(spare, TIMEOUT))));

    NodeFenceResult result = fencer.fence(target, heard::add);

    assertTrue(result.success(), result.outcome().detail());
    assertTrue(result.outcome().detail().contains("level 2"), result.outcome().detail());
    assertFalse(heard.get(0).outcome().success());
    assertTrue(heard.stream().noneMatch(a -> a.action() == FenceAction.ON), heard.toString());
  }

  @Test
  void allLevelsFailingIsAFailureNamingEachLevel() {
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(FenceDummy.broken(dir, "a", TIMEOUT)),
                List.of(FenceDevice.off("fence_no_such_agent", TIMEOUT))));

    NodeFenceResult result = fencer.fence(target, heard::add);

    assertFalse(result.success());
    String detail = result.outcome().detail();
    assertTrue(detail.startsWith("fencing of node n1 failed at every level"), detail);
    assertTrue(
        detail.contains("level 1 device 1/1: fence_dummy off of node n1: failed, exit 1"), detail);
    assertTrue(detail.contains("level 2 device 1/1: fence_no_such_agent off"), detail);
    assertTrue(detail.contains("hactl fence ack n1"), detail);
    assertEquals(2, heard.size());
  }

  @Test
  void noLevelsIsAFailureThatPointsAtManualAck() {
    NodeFenceResult result = fencer.fence(new FenceTarget("n7", List.of()), heard::add);

    assertFalse(result.success());
    assertTrue(result.attempts().isEmpty());
    assertTrue(heard.isEmpty());
    String detail = result.outcome().detail();
    assertTrue(detail.contains("no fence levels"), detail);
    assertTrue(detail.contains("hactl fence ack n7"), detail);
  }

  @Test
  void timeoutFailsTheLevelWithinItsDeadline() {
    Path slow = FenceDummy.poweredOn(dir, "slow");
    Path spare = FenceDummy.poweredOn(dir, "spare");
    Duration timeout = Duration.ofMillis(1500);
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(FenceDummy.device("off", slow, timeout, Map.of("delay", "30"))),
                List.of(FenceDummy.device(spare, TIMEOUT))));

    long t0 = System.nanoTime();
    NodeFenceResult result = fencer.fence(target);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertTrue(result.success(), result.outcome().detail());
    assertTrue(result.attempts().get(0).outcome().timedOut());
    assertEquals("on", FenceDummy.power(slow));
    assertEquals("off", FenceDummy.power(spare));
    assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
  }

  @Test
  void passwordsAreMaskedInEveryDetailAndLog() {
    String secret = "pa55-" + System.nanoTime();
    Path spare = FenceDummy.poweredOn(dir, "spare");
    FenceDevice failing =
        FenceDummy.device("off", dir.resolve("garbage"), TIMEOUT, Map.of("passwd", secret));
    FenceDummy.broken(dir, "garbage", TIMEOUT); // makes the status file above unreadable
    FenceTarget target =
        new FenceTarget(
            "n1",
            List.of(
                List.of(failing),
                List.of(FenceDummy.device("off", spare, TIMEOUT, Map.of("password", secret)))));
    NodeFenceResult result;
    try (LogCapture logs = new LogCapture()) {
      result = fencer.fence(target, heard::add);
      assertTrue(
          logs.messages().stream().noneMatch(m -> m.contains(secret)), logs.messages().toString());
    }
    assertTrue(result.success(), result.outcome().detail());
    assertFalse(result.outcome().detail().contains(secret));
    for (FenceAttempt a : result.attempts()) {
      assertFalse(a.outcome().detail().contains(secret), a.outcome().detail());
      assertTrue(a.outcome().output().stream().noneMatch(l -> l.contains(secret)));
    }
  }

  @Test
  void aThrowingListenerDoesNotStopFencing() {
    Path psu = FenceDummy.poweredOn(dir, "psu");
    FenceTarget target = new FenceTarget("n1", List.of(List.of(FenceDummy.device(psu, TIMEOUT))));

    NodeFenceResult result =
        fencer.fence(
            target,
            a -> {
              throw new IllegalStateException("listener bug");
            });

    assertTrue(result.success(), result.outcome().detail());
    assertEquals("off", FenceDummy.power(psu));
  }

  @Test
  void interruptedCallerFencesNothing() {
    Path psu = FenceDummy.poweredOn(dir, "psu");
    FenceTarget target = new FenceTarget("n1", List.of(List.of(FenceDummy.device(psu, TIMEOUT))));
    Thread.currentThread().interrupt();
    NodeFenceResult result;
    try {
      result = fencer.fence(target);
    } finally {
      assertTrue(Thread.interrupted(), "interrupt flag lost");
    }

    assertFalse(result.success());
    assertTrue(result.outcome().detail().contains("interrupted"), result.outcome().detail());
    assertEquals("on", FenceDummy.power(psu));
  }
}
