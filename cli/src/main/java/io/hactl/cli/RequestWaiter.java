package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.ZkLayout;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;

/**
 * Waits for a service to reach a wanted condition after an operator request, printing a timeline
 * line (elapsed time, owner, state) each time what it sees changes.
 */
final class RequestWaiter {
  private static final long POLL_MILLIS = 50;

  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ClusterConfig config;
  private final PrintStream out;

  /** {@code config} is the stored configuration the command read once before its request. */
  RequestWaiter(CuratorFramework client, ZkLayout layout, ClusterConfig config, PrintStream out) {
    this.client = client;
    this.layout = layout;
    this.config = config;
    this.out = out;
  }

  /**
   * Polls until {@code done} holds; throws TIMEOUT after {@code timeout}, or FAILURE if BLOCKED.
   */
  ClusterSnapshot.ServiceView await(
      String service, Predicate<ClusterSnapshot.ServiceView> done, Duration timeout)
      throws Exception {
    long t0 = System.nanoTime();
    String last = null;
    while (true) {
      ClusterSnapshot.ServiceView v =
          ClusterSnapshot.readService(
              client, layout, service, config.services().get(service).enabled());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String seen = v.owner().orElse("-") + " " + ClusterSnapshot.stateOf(v);
      if (!Objects.equals(seen, last)) {
        out.printf(
            "  +%6d ms  owner %-10s %s%n", ms, v.owner().orElse("-"), ClusterSnapshot.stateOf(v));
        last = seen;
      }
      if (done.test(v)) {
        return v;
      }
      if ("BLOCKED".equals(ClusterSnapshot.stateOf(v))) {
        throw new CliException(
            ExitCode.FAILURE,
            service
                + " is BLOCKED on "
                + v.owner().orElse("?")
                + ": "
                + v.status().map(s -> s.reason()).orElse("fencing failed")
                + " (see `hactl history`)");
      }
      if (ms > timeout.toMillis()) {
        throw new CliException(
            ExitCode.TIMEOUT,
            "not done after "
                + timeout.toSeconds()
                + " s; the request stays pending and may still"
                + " complete (watch `hactl status`)");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
