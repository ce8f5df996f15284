package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fence calls of one node shared while in flight, never reused once finished. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedFencingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AtomicInteger calls = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean fail;

  private final NodeFencing slow =
      node -> {
        calls.incrementAndGet();
        try {
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (fail) {
          throw new NodeFencing.FenceFailedException("device says no");
        }
        return "off";
      };

  @Test
  void concurrentFencesOfOneNodeMakeOneCallAndAFinishedOneIsNotReused() throws Exception {
    SharedFencing f = new SharedFencing(slow);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(pool.submit(() -> f.fence("n3")));
      }
      await("the first caller is inside the fence call").atMost(WAIT).until(() -> calls.get() == 1);
      release.countDown();
      for (Future<String> r : results) {
        assertTrue(r.get(10, TimeUnit.SECONDS).startsWith("off"), "every caller saw success");
      }
      assertTrue(calls.get() < 20, "callers that came while the call ran shared it: " + calls);
      int before = calls.get();
      f.fence("n3");
      assertEquals(before + 1, calls.get(), "a finished fence is never reused");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedSharedCallFailsEveryCallerThatJoinedIt() throws Exception {
    fail = true;
    SharedFencing f = new SharedFencing(slow);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> f.fence("n3"));
      await("the first caller is inside the fence call").atMost(WAIT).until(() -> calls.get() == 1);
      Future<String> joiner = pool.submit(() -> f.fence("n3"));
      release.countDown();
      for (Future<String> r : List.of(first, joiner)) {
        var e =
            assertThrows(
                java.util.concurrent.ExecutionException.class, () -> r.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof NodeFencing.FenceFailedException, e.toString());
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aCallThatEndsInAnErrorIsNotLeftInFlightForTheNextCaller() throws Exception {
    AtomicInteger n = new AtomicInteger();
    SharedFencing f =
        new SharedFencing(
            node -> {
              if (n.incrementAndGet() == 1) {
                throw new StackOverflowError("inside the fence agent's wrapper");
              }
              return "off";
            });
    assertThrows(StackOverflowError.class, () -> f.fence("n3"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> next = pool.submit(() -> f.fence("n3"));
      assertEquals("off", next.get(10, TimeUnit.SECONDS), "a new call, not a wait for the old one");
      assertEquals(2, n.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
