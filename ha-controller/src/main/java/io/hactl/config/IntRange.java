package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values a count or number field of the configuration accepts, both ends included.
 *
 * @param min smallest accepted value
 * @param max largest accepted value
 * @param whyMax why larger values are refused, told to the operator with the error; may be null
 */
record IntRange(int min, int max, String whyMax) {
  boolean contains(long n) {
    return n >= min && n <= max;
  }

  /** How the range is told in errors and docs: {@code "an integer from 0 to 100"}. */
  String describe() {
    return "an integer from " + min + " to " + max;
  }

  /** The YAML integer {@code v}, when it is one and in range; else null. */
  Integer accept(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong() && contains(v.longValue())) {
      return v.intValue();
    }
    return null;
  }

  /** Why {@code v} is refused: the range, the value, and for a value above it why. */
  String complaint(JsonNode v) {
    boolean above =
        v.isIntegralNumber()
            && (v.canConvertToLong() ? v.longValue() > max : v.bigIntegerValue().signum() > 0);
    return "must be "
        + describe()
        + " (got "
        + Fields.describe(v)
        + ")"
        + (above && whyMax != null ? ": " + whyMax : "");
  }
}
