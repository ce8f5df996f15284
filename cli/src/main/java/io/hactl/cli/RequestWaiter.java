package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.Requests;
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
    return await(service, null, (v, p) -> done.test(v), timeout);
  }

  /** When a request is carried out, judged from the service and the request's answers. */
  @FunctionalInterface
  interface Done {
    boolean test(ClusterSnapshot.ServiceView v, Requests.Pending request);
  }

  /**
   * Like {@link #await(String, Predicate, Duration)} for the stored request {@code requestId}
   * (null: none): an agent's rejection ends the wait at once (REFUSED, with its reason), and so
   * does the request's disappearance (FAILURE: cancelled or expired). The caller removes the
   * request when it ends, whatever happened.
   */
  ClusterSnapshot.ServiceView await(String service, String requestId, Done done, Duration timeout)
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
      Requests.Pending request = null;
      if (requestId != null) {
        request =
            Requests.read(client, layout, service, requestId)
                .orElseThrow(
                    () ->
                        new CliException(
                            ExitCode.FAILURE,
                            "request "
                                + requestId
                                + " of "
                                + service
                                + " was cancelled or expired before it was carried out"
                                + " (see `hactl history "
                                + service
                                + "`)"));
        var rejected = request.rejection();
        if (rejected.isPresent()) {
          out.printf(
              "  +%6d ms  %s rejected it: %s%n",
              ms, rejected.get().getKey(), rejected.get().getValue().message());
          throw new CliException(
              ExitCode.REFUSED,
              "cannot "
                  + request.request().map(r -> r.describe()).orElse("do that")
                  + " for "
                  + service
                  + ": "
                  + rejected.get().getValue().message());
        }
      }
      if (done.test(v, request)) {
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
                + " s"
                + (requestId == null
                    ? "; it may still complete (watch `hactl status`)"
                    : "; request " + requestId + " withdrawn, nothing stays pending"));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
