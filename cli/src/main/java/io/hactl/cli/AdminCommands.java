package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ZkServiceEvents.AdminNodes;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/** What enable and disable share: write the admin flag, record it, wait for the outcome. */
final class AdminCommands {
  private AdminCommands() {}

  static int setEnabled(ClusterOptions cluster, String service, boolean enabled, Duration timeout)
      throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      snap.serviceForRequest(service);
      // Recorded before the request, so the command precedes its effect in the history.
      cluster.record(client, snap.config(), service, (enabled ? "enable " : "disable ") + service);
      AdminNodes.update(client, layout.admin(service), a -> a.withEnabled(enabled));
      System.out.printf("%s %s%n", enabled ? "enabling" : "disabling", service);
      var v =
          new RequestWaiter(client, layout, snap.config(), System.out)
              .await(
                  service,
                  s -> enabled ? "RUNNING".equals(ClusterSnapshot.stateOf(s)) : s.owner().isEmpty(),
                  timeout);
      System.out.println(
          enabled
              ? service + " runs on " + v.owner().orElse("?")
              : service + " is stopped and disabled");
      return ExitCode.OK.code();
    }
  }
}
