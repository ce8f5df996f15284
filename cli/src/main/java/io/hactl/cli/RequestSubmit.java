package io.hactl.cli;

import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/**
 * How a command makes a one-shot request ({@link ServiceRequest}): stored create-only with a
 * deadline (the command's own timeout, so agents drop it if the command dies), and withdrawn by the
 * command when it ends, whatever the outcome, so that no request outlives its command. With {@code
 * --no-wait} the deadline alone ends it.
 */
final class RequestSubmit {
  private RequestSubmit() {}

  /** Stores the request and returns its id. */
  static String submit(
      ClusterOptions cluster,
      CuratorFramework client,
      String service,
      ServiceRequest.Kind kind,
      String from,
      String to,
      String node,
      Duration timeout)
      throws Exception {
    long now = System.currentTimeMillis();
    long deadline =
        now + Math.max(1_000, Math.min(timeout.toMillis(), Duration.ofDays(1).toMillis()));
    String user = cluster.who() + " (local user " + System.getProperty("user.name", "?") + ")";
    var r = new ServiceRequest(kind, from, to, node, user, now, deadline);
    return Requests.create(client, cluster.layout(), service, r);
  }

  /** Removes the request (quietly when it is gone already). */
  static void withdraw(CuratorFramework client, ZkLayout layout, String service, String id) {
    try {
      Requests.delete(client, layout, service, id);
    } catch (Exception e) {
      System.err.println(
          "hactl: could not remove request "
              + id
              + " ("
              + e.getMessage()
              + "); agents drop it at its deadline, or run `hactl requests cancel "
              + service
              + " "
              + id
              + "`");
    }
  }
}
