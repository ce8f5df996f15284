package io.hactl.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the configuration's duration syntax ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h},
 * {@code 1m30s}) and formats durations for messages ({@code 3.333s}). It does not accept signs,
 * fractions or spaces, and {@link #format} is meant for people: its fractional-second output is not
 * accepted by {@link #parse}.
 */
public final class Durations {
  /** Units in decreasing order, each at most once; "m" must not be the start of "ms". */
  private static final Pattern SYNTAX =
      Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException if the text is not one or more {@code <digits><unit>} parts
   *     with units h, m, s, ms in that order, each at most once
   */
  public static Duration parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: \"" + text + "\" (write it as 250ms, 5s, 2m, 1h or 1m30s)");
    }
    return Duration.ofHours(part(m, 1))
        .plusMinutes(part(m, 2))
        .plusSeconds(part(m, 3))
        .plusMillis(part(m, 4));
  }

  private static long part(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /**
   * Formats a duration for a message, truncated to the millisecond: {@code 250ms}, {@code 3.333s},
   * {@code 5.4s}, {@code 1m30s}, {@code 1h5s}; zero parts are left out. Negative durations get a
   * leading minus sign.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long millis = d.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (!"0".equals(seconds) || out.length() == 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }
}
