package io.hactl.config;

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
}
