package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ZkServiceEvents.AdminNodes;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/**
 * What enable and disable share: withdraw the service's pending requests, write the admin flag,
 * record it, wait for the outcome.
 */
final class AdminCommands {
  private AdminCommands() {}

  /**
   * Enables or disables {@code service}; {@code on} (enable only, may be null) asks for it to start
   * on that node.
   */
  static int setEnabled(
      ClusterOptions cluster,
      String service,
      boolean enabled,
      String on,
      Duration timeout,
      boolean noWait)
      throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      var v = snap.serviceForRequest(service);
      if (v.frozen()) {
        throw new CliException(
            ExitCode.REFUSED,
            service
                + " is frozen: run `hactl unfreeze "
                + service
                + "` first (a frozen service is neither started nor stopped)");
      }
      if (on != null) {
        checkOn(snap, v, service, on);
      }
      int withdrawn = 0;
      for (Requests.Pending p : v.requests()) {
        if (Requests.delete(client, layout, service, p.id())) {
          withdrawn++;
        }
      }
      if (withdrawn > 0) {
        System.out.printf("withdrew %d pending request(s) of %s%n", withdrawn, service);
      }
      // Recorded before the request, so the command precedes its effect in the history.
      cluster.record(
          client,
          snap.config(),
          service,
          (enabled ? "enable " : "disable ") + service + (on == null ? "" : " --on " + on));
      String id =
          on == null
              ? null
              : RequestSubmit.submit(
                  cluster, client, service, ServiceRequest.Kind.RELOCATE, "", on, null, timeout);
      try {
        AdminNodes.update(client, layout.admin(service), a -> a.withEnabled(enabled));
        System.out.printf(
            "%s %s%s%n",
            enabled ? "enabling" : "disabling", service, on == null ? "" : " on " + on);
        if (noWait) {
          System.out.println("not waiting");
          id = null; // its deadline ends it
          return ExitCode.OK.code();
        }
        var done =
            new RequestWaiter(client, layout, snap.config(), System.out)
                .await(
                    service,
                    id,
                    (s, p) ->
                        enabled
                            ? "RUNNING".equals(ClusterSnapshot.stateOf(s))
                            : s.owner().isEmpty(),
                    timeout);
        if (on != null && !done.owner().orElse("").equals(on)) {
          throw new CliException(
              ExitCode.FAILURE,
              service + " started on " + done.owner().orElse("?") + ", not " + on);
        }
        System.out.println(
            enabled
                ? service + " runs on " + done.owner().orElse("?")
                : service + " is stopped and disabled");
        return ExitCode.OK.code();
      } finally {
        if (id != null) {
          RequestSubmit.withdraw(client, layout, service, id);
        }
      }
    }
  }

  private static void checkOn(
      ClusterSnapshot snap, ClusterSnapshot.ServiceView v, String service, String on)
      throws CliException {
    if (v.owner().isPresent()) {
      throw new CliException(
          ExitCode.REFUSED,
          service
              + " already runs on "
              + v.owner().get()
              + "; use `hactl relocate "
              + service
              + " --to "
              + on
              + "`");
    }
    if (!snap.nodesUp().containsKey(on)) {
      throw new CliException(
          ExitCode.REFUSED, "no node " + on + " (nodes: " + snap.nodesUp().keySet() + ")");
    }
    var why = snap.whyNot(service, on, System.currentTimeMillis());
    if (why.isPresent()) {
      throw new CliException(
          ExitCode.REFUSED, on + " cannot take " + service + ": it " + why.get());
    }
  }
}
