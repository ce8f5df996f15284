package io.hactl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The owner's watch over its own checks: a RUNNING service publishes nothing per good check, but
 * once its checks fall more than two periods behind it publishes a status that {@code hactl status}
 * shows as unchecked, once, and is watched again after the next good check.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceMachineWatchTest {
  private static final long T0 = 1_800_000_000_000L;

  private final MutableClock clock = new MutableClock();
  private final List<ServiceStatus> checks = new CopyOnWriteArrayList<>();
  private final List<ServiceStatus> transitions = new CopyOnWriteArrayList<>();
  private final List<ServiceStatus> atRest = new CopyOnWriteArrayList<>();

  @Test
  void checksThatFallBehindArePublishedOnceAndGoodChecksAreNot() {
    ServiceMachine m = new ServiceMachine("s1", "n1", events(), clock);
    m.transition(ServiceState.ACQUIRING, 0, "t");
    m.transition(ServiceState.STARTING, 5, "t");
    m.checkEvery(1000);
    m.checkedNow();
    m.transition(ServiceState.RUNNING, 5, "t");
    ServiceStatus running = transitions.get(transitions.size() - 1);
    assertTrue(running.watched(), running.toString());
    assertTrue(running.checkedRecently(T0 + 3_600_000, 0), "watched RUNNING stays recent");

    clock.millis += 900;
    m.checked();
    clock.millis += 1900;
    m.watch();
    assertEquals(List.of(), checks, "good checks and a watch within two periods publish nothing");
    assertEquals(1, atRest.size(), "the good check reaches the agent's own observers: " + atRest);
    assertEquals(T0 + 900, atRest.get(0).checkedMillis(), atRest.toString());
    assertFalse(
        atRest.get(0).lastCheckWithin(T0 + 3_600_000, 0),
        "the owner's own copy goes stale by time even while watched");

    clock.millis += 200;
    m.watch();
    m.watch();
    assertEquals(1, checks.size(), "one publication when the checks fell behind: " + checks);
    ServiceStatus late = checks.get(0);
    assertFalse(late.watched(), late.toString());
    assertEquals(T0 + 900, late.checkedMillis(), "it names the last good check");
    assertFalse(late.checkedRecently(clock.millis, 0), "status shows the checks stopped");

    clock.millis += 100;
    m.checked();
    assertEquals(2, checks.size(), "the next good check is published once: " + checks);
    assertTrue(checks.get(1).watched(), checks.get(1).toString());
    m.checked();
    assertEquals(2, checks.size(), "and later good checks are not");
  }

  private ServiceEvents events() {
    return new NoOpEvents() {
      @Override
      public void transition(ServiceStatus status, ServiceState from, String reason) {
        transitions.add(status);
      }

      @Override
      public void checked(ServiceStatus status) {
        checks.add(status);
      }

      @Override
      public void checkedAtRest(ServiceStatus status) {
        atRest.add(status);
      }
    };
  }

  private static final class MutableClock extends Clock {
    long millis = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }
}
