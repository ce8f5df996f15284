package io.hactl.itests.campaign;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a list of durations in milliseconds. */
public final class Percentiles {
  private final List<Long> sorted;

  public Percentiles(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    this.sorted = List.copyOf(s);
  }

  public int count() {
    return sorted.size();
  }

  /** The smallest value at least {@code q} (0..1) of the values do not exceed; -1 when empty. */
  public long at(double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public long max() {
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
  }

  /** {@code p50 p99 max (n)} in ms, or {@code n/a} without values. */
  public String summary() {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    return String.format("p50 %6d  p99 %6d  max %6d  (n=%d)", at(0.5), at(0.99), max(), count());
  }
}
