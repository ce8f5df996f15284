package io.hactl.agent;

import java.util.List;

/**
 * What a node reports about one service: who, what state, which epoch, how many failures in the
 * recovery window, why it last changed, and when its resources were last seen healthy.
 *
 * @param sinceMillis wall-clock time of the last transition
 * @param checkedMillis wall-clock time of the last good check while RUNNING (0: none yet), as of
 *     the last publication; with {@code watched} the owner does not republish after every good
 *     check
 * @param checkEveryMillis how often the owner checks while RUNNING (0: unknown, an older agent)
 * @param failedAtMillis wall-clock times of the failures counted in {@code failures}, oldest first
 *     (null or empty from an older agent)
 * @param windowMillis the recovery window those failures were counted in (0: unknown)
 * @param watched the owner publishes no routine good check (no ZooKeeper write at rest): it watches
 *     its own checks and republishes this status with {@code watched} false, and the time of its
 *     last good check, as soon as they fall more than two periods behind. While true and the
 *     publisher still owns the service, its checks keep up. False from an older agent, which
 *     republished after every good check.
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
    long windowMillis,
    boolean watched) {

  /**
   * A status without failure times and not watched (an older agent's, or one with no failure yet).
   */
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
        0,
        false);
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
   * check). A {@code watched} RUNNING status is recent by definition: its owner would have
   * republished it otherwise.
   */
  public boolean checkedRecently(long nowMillis, long slackMillis) {
    if (watched && state == ServiceState.RUNNING) {
      return true;
    }
    return lastCheckWithin(nowMillis, slackMillis);
  }

  /**
   * Whether the last good check recorded in this status is at most two check periods plus {@code
   * slackMillis} old at {@code nowMillis}, whatever {@code watched} says: the test for the owner's
   * own, always current, copy of its status.
   */
  public boolean lastCheckWithin(long nowMillis, long slackMillis) {
    if (checkEveryMillis <= 0) {
      return false;
    }
    long age = nowMillis - Math.max(checkedMillis, sinceMillis);
    return age <= 2 * checkEveryMillis + slackMillis;
  }
}
