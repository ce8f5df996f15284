package io.hactl.agent;

/**
 * What a node reports about one service: who, what state, which epoch, how many failures in the
 * recovery window, why it last changed, and when its resources were last seen healthy.
 *
 * @param sinceMillis wall-clock time of the last transition
 * @param checkedMillis wall-clock time of the last good check while RUNNING (0: none yet); the
 *     owner republishes its status after every good check, so a stale value means the checks
 *     stopped happening
 * @param checkEveryMillis how often the owner checks while RUNNING (0: unknown, an older agent)
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
    long checkEveryMillis) {

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
