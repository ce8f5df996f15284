package io.hactl.config;

import java.time.Duration;

/**
 * The accepted range of every duration and count of the configuration, in one place: what the
 * readers enforce and the documentation states. Bounds are chosen so that the agent's time
 * arithmetic (nanoseconds in a {@code long}, ZooKeeper's {@code int} milliseconds) can never
 * overflow, and so that no accepted value silently cannot work.
 */
final class Limits {
  private Limits() {}

  private static final String HUNG =
      "an action that has not finished by then has hung, and hactl must find out";

  private static final String EMERGENCY =
      "the emergency stop must fit a third of cluster.sessionTimeout, which is at most 5m";

  /**
   * {@code cluster.sessionTimeout}: 2s to 5m. The session timeout is the shortest time in which
   * another node may take over after the owner crashed or was cut off, so every such failover takes
   * at least this long; ZooKeeper grants only 2 to 20 times its tickTime (4s to 40s by default), so
   * a long timeout also needs servers configured for it. Below 2s a pause or a lost packet ends the
   * session.
   */
  static final DurationRange SESSION_TIMEOUT =
      DurationRange.of(
          "2s",
          "5m",
          "when an owner crashes or is cut off, no other node may take over before its session"
              + " expires, so a longer session timeout keeps the service down that long on every"
              + " such failover (ZooKeeper also grants at most 20 times its tickTime: 40s with the"
              + " default tickTime of 2s)");

  /** {@code nodes.*.fence[*][*].timeout}: 1s to 10m; a takeover waits for its fence. */
  static final DurationRange FENCE_TIMEOUT =
      DurationRange.of(
          "1s", "10m", "a takeover waits for the fence; a device silent that long has failed");

  /** {@code cluster.fenceCheckInterval}: 0s (off) or 10s to 24h. */
  static final DurationRange FENCE_CHECK_INTERVAL =
      DurationRange.offOr(
          "10s",
          "24h",
          "a device that fails its check is reported only at the next check; a day is the"
              + " longest a broken device may stay unnoticed");

  /** {@code services.*.recovery.window}: 1s to 24h. */
  static final DurationRange RECOVERY_WINDOW =
      DurationRange.of(
          "1s",
          "24h",
          "a node is kept off the service until its failures leave the window; for a longer"
              + " memory use policy: disable");

  /** {@code services.*.recovery.maxRestarts}: 0 to 100. */
  static final IntRange MAX_RESTARTS =
      new IntRange(0, 100, "more restarts in place than that is a crash loop: relocate instead");

  /** {@code startTimeout} of every resource: 100ms to 1h. */
  static final DurationRange START_TIMEOUT = DurationRange.of("100ms", "1h", HUNG);

  /** {@code stopTimeout} of every resource: 100ms to 1h. */
  static final DurationRange STOP_TIMEOUT = DurationRange.of("100ms", "1h", HUNG);

  /** {@code monitorInterval} of every resource: 0s (no periodic monitor) or 100ms to 1h. */
  static final DurationRange MONITOR_INTERVAL =
      DurationRange.offOr(
          "100ms", "1h", "a failure would go unseen that long; use 0s to turn the monitor off");

  /** {@code monitorTimeout} of every resource: 100ms to 1h. */
  static final DurationRange MONITOR_TIMEOUT = DurationRange.of("100ms", "1h", HUNG);

  /** {@code termGrace} of every resource: 0s to 1m (and the emergency-stop rule). */
  static final DurationRange TERM_GRACE = DurationRange.of("0s", "1m", EMERGENCY);

  /** {@code unmountTimeout} of fs resources: 100ms to 1m (and the emergency-stop rule). */
  static final DurationRange UNMOUNT_TIMEOUT = DurationRange.of("100ms", "1m", EMERGENCY);

  /** {@code cluster.historySize}: 10 to 100000 events. */
  static final IntRange HISTORY_SIZE =
      new IntRange(10, 100_000, "the history lives in one ZooKeeper node of bounded size");

  /** {@code failoverDomains.*.nodes[*].priority}: 1 (preferred) to 1000. */
  static final IntRange PRIORITY =
      new IntRange(1, 1000, "priorities only order the members of one domain");

  /**
   * A duration field that has no range of its own: 1ms (or 0s when allowed) to 24h. Every field
   * should have a named range above; this one only keeps a forgotten field bounded.
   */
  static DurationRange fallback(boolean zeroAllowed) {
    return new DurationRange(
        zeroAllowed ? Duration.ZERO : Duration.ofMillis(1), Duration.ofHours(24), false, null);
  }

  /** {@code alerts.*.timeout}: 1s to 5m; a hook that needs longer should hand its work off. */
  static final DurationRange ALERT_TIMEOUT =
      DurationRange.of(
          "1s", "5m", "events queue behind a slow hook; a hook should hand long work to a daemon");

  /** {@code alerts.*.queue}: 1 to 10000 events waiting per hook. */
  static final IntRange ALERT_QUEUE =
      new IntRange(1, 10_000, "queued events are held in the agent's memory");
}
