package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;

/** Restarts a running service in place on its owner. */
@Command(
    name = "restart",
    header = "Restart a running service in place, on its owner.",
    mixinStandardHelpOptions = true,
    description = {
      "Stop and start the service on the node that owns it (children first, then parents, then",
      "the reverse); ownership and the spool stay where they are. It is an operator action,",
      "not a failure: it is not counted in the recovery window. Waits for the owner's answer.",
      "Refused for a service that is not RUNNING or is frozen; on timeout the request is",
      "withdrawn. Exit 0 when it runs again, 5 on timeout, 6 when refused, 1 if it failed."
    })
final class RestartCommand extends ServiceCommand {

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      var v = snap.serviceForRequest(service);
      if (v.frozen()) {
        throw new CliException(
            ExitCode.REFUSED,
            service
                + " is frozen: nothing is restarted while frozen; `hactl unfreeze "
                + service
                + "` first");
      }
      String state = ClusterSnapshot.stateOf(v);
      if (v.owner().isEmpty() || !"RUNNING".equals(state)) {
        throw new CliException(
            ExitCode.REFUSED,
            service
                + " is "
                + state
                + v.owner().map(o -> " on " + o).orElse("")
                + ": only a RUNNING service is restarted in place"
                + (v.owner().isEmpty() ? " (`hactl enable " + service + "` starts it)" : ""));
      }
      String owner = v.owner().get();
      String id =
          RequestSubmit.submit(
              cluster,
              client,
              service,
              ServiceRequest.Kind.RESTART,
              owner,
              null,
              null,
              wait.timeout);
      cluster.record(
          client, snap.config(), service, "restart " + service + " on " + owner + " (" + id + ")");
      System.out.printf("restarting %s on %s (request %s)%n", service, owner, id);
      if (wait.noWait) {
        return ExitCode.OK.code();
      }
      try {
        var done =
            new RequestWaiter(client, layout, snap.config(), System.out)
                .await(
                    service,
                    id,
                    (s, p) ->
                        p.answers().containsKey(owner)
                            && "RUNNING".equals(ClusterSnapshot.stateOf(s)),
                    wait.timeout);
        if (!done.owner().orElse("").equals(owner)) {
          throw new CliException(
              ExitCode.FAILURE,
              service
                  + " left "
                  + owner
                  + " during the restart; it runs on "
                  + done.owner().orElse("?"));
        }
        System.out.printf("%s restarted on %s (epoch %d)%n", service, owner, done.ownerEpoch());
        return ExitCode.OK.code();
      } finally {
        RequestSubmit.withdraw(client, layout, service, id);
      }
    }
  }
}
