package io.hactl.agent;

import java.util.List;

/**
 * What a node reports about one service: who, what state, which epoch, how many failures in the
 * recovery window, why it last changed, and when its resources were last seen healthy.
 *
 * @param sinceMillis wall-clock time of the last transition
 * @param checkedMillis wall-clock time of the last good check while RUNNING (0: none yet); the
 *     owner republishes its status after every good check, so a stale value means the checks
 *     stopped happening
 * @param checkEveryMillis how often the owner checks while RUNNING (0: unknown, an older agent)
 * @param failedAtMillis wall-clock times of the failures counted in {@code failures}, oldest first
 *     (null or empty from an older agent)
 * @param windowMillis the recovery window those failures were counted in (0: unknown)
 */
public record ServiceStatus(
    String service,
    String node,
    ServiceState state,
    long epoch,
    int failures,
    long sinceMillis,
    String reason,
    long checkedMillis,
    long checkEveryMillis,
    List<Long> failedAtMillis,
    long windowMillis) {

  /** A status without failure times (an older agent's, or one with no failure yet). */
  public ServiceStatus(
      String service,
      String node,
      ServiceState state,
      long epoch,
      int failures,
      long sinceMillis,
      String reason,
      long checkedMillis,
      long checkEveryMillis) {
    this(
        service,
        node,
        state,
        epoch,
        failures,
        sinceMillis,
        reason,
        checkedMillis,
        checkEveryMillis,
        List.of(),
        0);
  }

  /**
   * The failures still inside the recovery window at {@code nowMillis}: the published times that
   * are younger than the window, so the count falls as the window slides even when the owner
   * publishes nothing new. Without times (an older agent) it is the published count.
   */
  public int failuresAt(long nowMillis) {
    if (failedAtMillis == null || failedAtMillis.isEmpty() || windowMillis <= 0) {
      return failures;
    }
    int n = 0;
    for (Long t : failedAtMillis) {
      if (t != null && nowMillis - t < windowMillis) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether a RUNNING status is backed by a recent check at {@code nowMillis}: the last good check
   * is at most two check periods plus {@code slackMillis} old (slack for clock skew and a slow
   * check).
   */
  public boolean checkedRecently(long nowMillis, long slackMillis) {
    if (checkEveryMillis <= 0) {
      return false;
    }
    long age = nowMillis - Math.max(checkedMillis, sinceMillis);
    return age <= 2 * checkEveryMillis + slackMillis;
  }
}
