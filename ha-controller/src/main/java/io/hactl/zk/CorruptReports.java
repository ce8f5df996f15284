package io.hactl.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which corrupt znodes were already reported, by path and version (mzxid), so that a bad
 * node is logged and recorded once, not at every read: 300 junk bans read every second must not
 * flood the log. A node rewritten with new junk is reported again. Bounded (the oldest entries are
 * forgotten first). Thread-safe.
 */
public final class CorruptReports {
  private static final int CAPACITY = 4096;

  private final Map<String, Long> reported =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  /** True the first time this corrupt node (path and version) is seen: report it then. */
  public synchronized boolean first(Checked.Corrupt<?> corrupt) {
    Long before = reported.put(corrupt.path(), corrupt.mzxid());
    return before == null || before != corrupt.mzxid();
  }

  /** Forgets a node that became valid or was deleted, so its next corruption is reported. */
  public synchronized void repaired(String path) {
    reported.remove(path);
  }
}
