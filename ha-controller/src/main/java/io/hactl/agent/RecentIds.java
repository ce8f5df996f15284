package io.hactl.agent;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A bounded memory of request ids already acted on, so that a request still in the caches is not
 * carried out twice; the oldest is forgotten first. Not thread-safe: one owner thread.
 */
final class RecentIds {
  private final int capacity;
  private final Set<String> ids = new LinkedHashSet<>();

  RecentIds(int capacity) {
    this.capacity = capacity;
  }

  /** Remembers {@code id}; true the first time it is seen. */
  boolean firstTime(String id) {
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      ids.remove(ids.iterator().next());
    }
    return true;
  }
}
