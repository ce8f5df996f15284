package io.hactl.testkit.check;

/**
 * An interval during which the observer took no scan (it was late or failed): nothing that happened
 * inside it can be certified.
 *
 * @param from time of the last scan before the gap
 * @param to time of the first scan after it
 */
public record Gap(long from, long to) {
  public long nanos() {
    return to - from;
  }
}
