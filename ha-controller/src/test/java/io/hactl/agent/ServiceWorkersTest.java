package io.hactl.agent;

import static io.hactl.agent.ServiceState.EMERGENCY_STOP;
import static io.hactl.agent.ServiceState.RUNNING;
import static io.hactl.agent.ServiceState.SUSPENDED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared substrate of service work, on real threads: each service's tasks run one at a time and
 * in order over a pool far smaller than the number of services, and the emergency stop (DESIGN rule
 * 4) of one service does not wait for pool threads held by other services' hung steps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceWorkersTest {
  private static final String RESTART = "{policy: restart, maxRestarts: 1, window: 60s}";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void eachServiceRunsItsTasksInOrderAndNeverTwoAtOnce() {
    int services = 50;
    int tasks = 200;
    List<List<Integer>> seen = new ArrayList<>();
    List<AtomicBoolean> inside = new ArrayList<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    try (ServiceWorkers pool = new ServiceWorkers(3)) {
      List<SerialScheduler> schedulers = new ArrayList<>();
      for (int s = 0; s < services; s++) {
        seen.add(Collections.synchronizedList(new ArrayList<>()));
        inside.add(new AtomicBoolean());
        schedulers.add(pool.forService("s" + s));
      }
      for (int i = 0; i < tasks; i++) {
        for (int s = 0; s < services; s++) {
          int service = s;
          int task = i;
          schedulers
              .get(s)
              .execute(
                  () -> {
                    if (!inside.get(service).compareAndSet(false, true)) {
                      overlaps.incrementAndGet();
                    }
                    seen.get(service).add(task);
                    Thread.yield();
                    inside.get(service).set(false);
                    done.incrementAndGet();
                  });
        }
      }
      await("every task of every service ran")
          .atMost(WAIT)
          .until(() -> done.get() == services * tasks);
    }
    assertEquals(0, overlaps.get(), "two tasks of one service ran at the same time");
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      expected.add(i);
    }
    for (int s = 0; s < services; s++) {
      assertEquals(expected, seen.get(s), "tasks of service s" + s + " out of order");
    }
  }

  @Test
  void aCancelledTimerDoesNotRunAndAPeriodicTaskRepeats() {
    try (ServiceWorkers pool = new ServiceWorkers(1)) {
      SerialScheduler s = pool.forService("t");
      AtomicInteger once = new AtomicInteger();
      AtomicInteger periodic = new AtomicInteger();
      AtomicInteger marker = new AtomicInteger();
      s.schedule(once::incrementAndGet, Duration.ofMillis(200)).cancel();
      var every = s.every(periodic::incrementAndGet, Duration.ofMillis(10));
      s.schedule(marker::incrementAndGet, Duration.ofMillis(400));
      await("the periodic task ran three times and the later one-shot timer fired")
          .atMost(WAIT)
          .until(() -> periodic.get() >= 3 && marker.get() == 1);
      every.cancel();
      assertEquals(0, once.get(), "a cancelled timer ran");
    }
  }

  @Test
  void aServiceWhoseStopHangsDoesNotDelayAnotherServicesEmergencyStop() throws Exception {
    ExecutorService emergency = Executors.newCachedThreadPool();
    CountDownLatch release = new CountDownLatch(1);
    List<ControllerRig> rigs = new ArrayList<>();
    try (ServiceWorkers pool = new ServiceWorkers(2)) {
      List<ControllerRig> hung = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        hung.add(new ControllerRig(RESTART, pool.forService("hung" + i), emergency));
      }
      ControllerRig victim = new ControllerRig(RESTART, pool.forService("victim"), emergency);
      rigs.addAll(hung);
      rigs.add(victim);
      rigs.forEach(ControllerRig::desireHere);
      await("all three services RUNNING")
          .atMost(WAIT)
          .until(() -> rigs.stream().allMatch(r -> r.state() == RUNNING));

      // Both pool threads end up inside a graceful stop that hangs until released.
      for (ControllerRig r : hung) {
        r.tree.duringStop = () -> awaitQuietly(release);
        r.desireElsewhere();
      }
      await("both pool threads stuck in a graceful stop")
          .atMost(WAIT)
          .until(() -> hung.stream().allMatch(r -> r.calls.contains("stop")));

      victim.controller.suspend();
      await("the victim's emergency stop ran while every pool thread is stuck")
          .atMost(WAIT)
          .until(() -> victim.calls.contains("emergency"));
      assertEquals(1, release.getCount(), "the hung stops are still hanging");
      assertEquals(EMERGENCY_STOP, victim.state(), "its follow-up step waits for a pool thread");
      for (ControllerRig r : hung) {
        assertFalse(r.calls.contains("release 100"), "a hung stop finished: " + r.calls);
      }

      release.countDown();
      await("the victim is SUSPENDED once a pool thread is free")
          .atMost(WAIT)
          .until(() -> victim.state() == SUSPENDED);
      assertTrue(victim.calls.contains("emergency"), victim.calls.toString());
    } finally {
      release.countDown();
      emergency.shutdownNow();
      rigs.forEach(ControllerRig::close);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
