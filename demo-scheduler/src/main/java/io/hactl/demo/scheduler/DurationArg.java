package io.hactl.demo.scheduler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of the command line ({@code 500ms}, {@code 10s}, {@code 2m}). */
final class DurationArg {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");

  private DurationArg() {}

  static Duration parse(String option, String text) throws UsageException {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new UsageException(option + ": not a duration like 500ms, 10s or 2m: '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }
}
