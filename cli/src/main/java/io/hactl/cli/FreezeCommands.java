package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ZkServiceEvents.AdminNodes;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/** What freeze and unfreeze share: set the admin flag, record it, wait for the owner to follow. */
final class FreezeCommands {
  private FreezeCommands() {}

  static int setFrozen(
      ClusterOptions cluster, String service, boolean freeze, Duration timeout, boolean noWait)
      throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      var v = snap.serviceForRequest(service);
      if (v.frozen() == freeze) {
        System.out.printf("%s is %s already%n", service, freeze ? "frozen" : "not frozen");
        return ExitCode.OK.code();
      }
      String state = ClusterSnapshot.stateOf(v);
      if (freeze && !"RUNNING".equals(state)) {
        throw new CliException(
            ExitCode.REFUSED,
            service
                + " is "
                + state
                + (v.owner().map(o -> " on " + o).orElse(""))
                + ": only a RUNNING service can be frozen"
                + (v.owner().isEmpty()
                    ? " (`hactl disable " + service + "` keeps a stopped one stopped)"
                    : "; wait until it runs (`hactl status`)"));
      }
      AdminNodes.update(client, layout.admin(service), a -> a.withFrozen(freeze));
      cluster.record(client, snap.config(), service, (freeze ? "freeze " : "unfreeze ") + service);
      System.out.printf("%s %s%n", freeze ? "freezing" : "unfreezing", service);
      if (noWait) {
        return ExitCode.OK.code();
      }
      var done =
          new RequestWaiter(client, layout, snap.config(), System.out)
              .await(
                  service,
                  s -> ClusterSnapshot.stateOf(s).equals(freeze ? "FROZEN" : "RUNNING"),
                  timeout);
      System.out.println(
          freeze
              ? service
                  + " is frozen on "
                  + done.owner().orElse("?")
                  + ": not monitored, not restarted, not failed over; ownership held."
                  + " A lost ZooKeeper session still stops it (safety first), and then it"
                  + " stays stopped until `hactl unfreeze "
                  + service
                  + "`"
              : service
                  + (done.owner().isPresent()
                      ? " runs on " + done.owner().get() + ", monitored again"
                      : " is unfrozen; placement starts it"));
      return ExitCode.OK.code();
    }
  }
}
