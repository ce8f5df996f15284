package io.hactl.config;

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
}
