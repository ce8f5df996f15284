package io.hactl.itests.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class PercentilesTest {
  @Test
  void nearestRank() {
    Percentiles p = new Percentiles(List.of(50L, 10L, 40L, 20L, 30L));
    assertEquals(30, p.at(0.5));
    assertEquals(50, p.at(0.99));
    assertEquals(10, p.at(0.0));
    assertEquals(50, p.max());
    assertEquals(5, p.count());
  }

  @Test
  void p99OfAHundredIsTheNinetyNinth() {
    List<Long> v = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      v.add(i);
    }
    assertEquals(99, new Percentiles(v).at(0.99));
    assertEquals(50, new Percentiles(v).at(0.5));
  }

  @Test
  void emptyHasNoValues() {
    Percentiles p = new Percentiles(List.of());
    assertEquals(-1, p.at(0.5));
    assertEquals("n/a", p.summary());
  }
}
