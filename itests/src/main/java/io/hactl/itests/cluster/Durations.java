package io.hactl.itests.cluster;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the cluster configuration writes them: {@code 250ms}, {@code 4s}, {@code 1m30s}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = PART.matcher(text.trim());
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
      m.region(end, text.trim().length());
    }
    if (end == 0 || end != text.trim().length()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return d;
  }

  /** {@code d} in the configuration's syntax, in milliseconds when not whole seconds. */
  public static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
