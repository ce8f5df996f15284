package io.hactl.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of maps that keep insertion order (Map.copyOf does not). */
final class Maps {
  private Maps() {}

  static <K, V> Map<K, V> ordered(Map<K, V> in) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(in == null ? Map.of() : in));
  }
}
