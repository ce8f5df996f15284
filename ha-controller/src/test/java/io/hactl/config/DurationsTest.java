package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DurationsTest {
  @Test
  void parsesEveryUnitAndCombination() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
    assertEquals(Duration.ofMillis(3_723_004), Durations.parse("1h2m3s4ms"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
    assertEquals(Duration.ofSeconds(120), Durations.parse("120s"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5",
        "s",
        "-5s",
        "+5s",
        "1.5s",
        "5 s",
        " 5s",
        "5S",
        "30s1m",
        "1m1m",
        "5sec",
        "1d",
        "1msx",
        "1234567890s",
        "m5"
      })
  void rejectsAnythingElse(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals(
        "not a duration: \"" + text + "\" (write it as 250ms, 5s, 2m, 1h or 1m30s)",
        e.getMessage());
  }

  @Test
  void formatsForPeople() {
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("1s", Durations.format(Duration.ofSeconds(1)));
    assertEquals("3.3s", Durations.format(Duration.ofMillis(3300)));
    assertEquals("3.333s", Durations.format(Duration.ofSeconds(10).dividedBy(3)));
    assertEquals("1.25s", Durations.format(Duration.ofMillis(1250)));
    assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
    assertEquals("1m0.5s", Durations.format(Duration.ofMillis(60_500)));
    assertEquals("1h", Durations.format(Duration.ofHours(1)));
    assertEquals("1h5s", Durations.format(Duration.ofSeconds(3605)));
    assertEquals("25h1m", Durations.format(Duration.ofMinutes(25 * 60 + 1)));
    assertEquals("-5s", Durations.format(Duration.ofSeconds(-5)));
  }

  @Test
  void wholeFormattedValuesParseBack() {
    for (String s : new String[] {"250ms", "5s", "2m", "1h", "1m30s", "1h5s", "2h3m4s"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
  }
}
