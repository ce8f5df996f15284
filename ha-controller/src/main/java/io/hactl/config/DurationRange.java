package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The values a duration field of the configuration accepts: from {@code min} to {@code max}, and
 * zero as well when zero means "off". Every duration field has one (see {@link Limits}), so that no
 * value read from a file can overflow the arithmetic done with it later.
 *
 * @param min smallest accepted value (may be zero)
 * @param max largest accepted value
 * @param zeroMeansOff whether {@code 0s} is accepted below {@code min}, meaning "off"
 * @param whyMax why larger values are refused, told to the operator with the error; may be null
 */
record DurationRange(Duration min, Duration max, boolean zeroMeansOff, String whyMax) {
  private static final String EXAMPLES = "250ms, 5s, 2m, 1h or 1m30s";

  static DurationRange of(String min, String max, String whyMax) {
    return new DurationRange(Durations.parse(min), Durations.parse(max), false, whyMax);
  }

  /** A range where {@code 0s} is also accepted and turns the feature off. */
  static DurationRange offOr(String min, String max, String whyMax) {
    return new DurationRange(Durations.parse(min), Durations.parse(max), true, whyMax);
  }

  boolean contains(Duration d) {
    if (zeroMeansOff && d.isZero()) {
      return true;
    }
    return d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
  }

  /** How the range is told in errors and docs: {@code "a duration from 2s to 5m"}. */
  String describe() {
    return (zeroMeansOff ? "0s (off) or " : "")
        + "a duration from "
        + Durations.format(min)
        + " to "
        + Durations.format(max);
  }

  /** The duration {@code v} is written as, when it is one and in range; else null. */
  Duration accept(JsonNode v) {
    Duration d = v.isTextual() ? parseOrNull(v.asText()) : null;
    return d != null && contains(d) ? d : null;
  }

  /**
   * Why {@code v} is refused: the range, how to write a duration when {@code v} is not one, the
   * value, and for a value above the range why larger ones are refused.
   */
  String complaint(JsonNode v) {
    Duration d = v.isTextual() ? parseOrNull(v.asText()) : null;
    String hint = "";
    if (v.isIntegralNumber()) {
      hint = " with a unit, such as " + v.asText() + "s";
    } else if (v.isTextual() && d == null) {
      String s = v.asText();
      boolean negative = s.startsWith("-") && parseOrNull(s.substring(1)) != null;
      hint = negative ? ", without a sign" : ", written like " + EXAMPLES;
    }
    String why = d != null && d.compareTo(max) > 0 ? whyMax : null;
    return "must be "
        + describe()
        + hint
        + " (got "
        + Fields.describe(v)
        + ")"
        + (why == null ? "" : ": " + why);
  }

  private static Duration parseOrNull(String s) {
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
