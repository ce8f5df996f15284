package io.hactl.itests.nemesis;

import io.hactl.itests.cluster.ClusterOptions;
import java.time.Duration;

/**
 * The time each kind of recovery may take, from DESIGN's timing model: T(crash) = S + T_fence +
 * T_start (+ margin), T(daemon restart) = T_start (+ margin), T(relocate) = CLI start + T_stop +
 * T_start (+ margin).
 *
 * @param session the negotiated session timeout S
 * @param fence one successful fence call
 * @param fenceTimeout the deadline of one fence call (a failing call can take that long)
 * @param fenceRetry how soon a BLOCKED owner tries again
 * @param start mount, epoch and daemon start
 * @param stop a graceful stop and clean release
 * @param cli starting the hactl command's JVM and connecting
 * @param margin slack added to every deadline
 */
public record Budgets(
    Duration session,
    Duration fence,
    Duration fenceTimeout,
    Duration fenceRetry,
    Duration start,
    Duration stop,
    Duration cli,
    Duration margin) {

  /** Budgets for a cluster whose agents negotiated {@code session}. */
  public static Budgets of(ClusterOptions o, Duration session) {
    return new Budgets(
        session,
        Duration.ofSeconds(4),
        o.fenceTimeout(),
        o.fenceRetry(),
        o.startBudget(),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        o.margin());
  }

  /** The owner was lost uncleanly: session expiry, fencing, start. */
  public Duration crash() {
    return session.plus(fence).plus(start).plus(margin);
  }

  /** The daemon died: restart in place. */
  public Duration restart() {
    return start.plus(margin);
  }

  /** The daemon died once too often: stop, release, start elsewhere. */
  public Duration relocation() {
    return stop.plus(start).plus(margin);
  }

  /** A planned relocation through the command. */
  public Duration relocate() {
    return cli.plus(stop).plus(start).plus(margin);
  }

  /** A ZooKeeper leader died: re-election, possibly an expired session and fencing. */
  public Duration leaderLoss() {
    return session.multipliedBy(2).plus(fence).plus(start).plus(margin);
  }

  /** Fencing works again: a failing call still in flight, the retry, the fence, the start. */
  public Duration afterFenceRepair() {
    return fenceTimeout.plus(fenceRetry).plus(fence).plus(start).plus(margin);
  }
}
