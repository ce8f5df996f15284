package io.hactl.agent;

/**
 * What a node reports about one service: who, what state, which epoch, how many failures in the
 * recovery window, why it last changed, and when its resources were last seen healthy.
 *
 * @param sinceMillis wall-clock time of the last transition
 * @param checkedMillis wall-clock time of the last good check while RUNNING (0: none yet), as of
 *     the last publication; with {@code watched} the owner does not republish after every good
 *     check
 * @param checkEveryMillis how often the owner checks while RUNNING (0: unknown, an older agent)
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
    boolean watched) {

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
    if (checkEveryMillis <= 0) {
      return false;
    }
    long age = nowMillis - Math.max(checkedMillis, sinceMillis);
    return age <= 2 * checkEveryMillis + slackMillis;
  }
}
