package io.hactl.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NanosTest {
  @Test
  void durationsBeyondALongOfNanosecondsSaturate() {
    assertEquals(Long.MAX_VALUE, Nanos.saturated(Duration.ofHours(999_999_999)));
    assertEquals(Long.MAX_VALUE, Nanos.saturated(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
    assertEquals(Long.MIN_VALUE, Nanos.saturated(Duration.ofSeconds(Long.MIN_VALUE)));
    assertEquals(Long.MIN_VALUE, Nanos.saturated(Duration.ofHours(-999_999_999)));
  }

  @Test
  void durationsWithinRangeConvertExactly() {
    assertEquals(1_500_000_000L, Nanos.saturated(Duration.ofMillis(1500)));
    assertEquals(-1L, Nanos.saturated(Duration.ofNanos(-1)));
    assertEquals(Long.MAX_VALUE, Nanos.saturated(Duration.ofNanos(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, Nanos.saturated(Duration.ofNanos(Long.MIN_VALUE)));
  }

  @Test
  void theRealSleeperTakesAnAbsurdDurationAndStillWakesOnInterrupt() throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Sleeper.SYSTEM.sleep(Duration.ofHours(999_999_999));
                ended.complete(null);
              } catch (Throwable e) {
                ended.complete(e);
              }
            });
    t.start();
    t.interrupt();
    assertInstanceOf(InterruptedException.class, ended.get(5, TimeUnit.SECONDS));
  }
}
