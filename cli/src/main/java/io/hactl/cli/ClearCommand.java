package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Clears a service's failure counts and bans. */
@Command(
    name = "clear",
    header = "Clear a service's failure counts and lift its bans.",
    mixinStandardHelpOptions = true,
    description = {
      "Forget the failures the recovery policy counted for SERVICE and lift the bans that keep",
      "nodes off it (\"banned ... until its failures expire\"), on every node or only on",
      "--node NODE. Each live agent clears its own count and answers; the ban of a node that is",
      "down is lifted by another agent. It moves nothing by itself: placement may then choose",
      "the node again. Exit 0 when done, 5 on timeout, 6 when refused."
    })
final class ClearCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Option(names = "--node", paramLabel = "NODE", description = "Only this node's failures and ban.")
  String node;

  @Mixin WaitOptions wait;

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      var v = snap.serviceForRequest(service);
      if (node != null && !snap.nodesUp().containsKey(node)) {
        throw new CliException(
            ExitCode.REFUSED, "no node " + node + " (nodes: " + snap.nodesUp().keySet() + ")");
      }
      var domain = snap.config().domainOf(snap.config().services().get(service));
      List<String> answering = new ArrayList<>();
      snap.nodesUp()
          .forEach(
              (n, up) -> {
                boolean runsIt = !domain.restricted() || domain.member(n).isPresent();
                if (up && runsIt && (node == null || node.equals(n))) {
                  answering.add(n);
                }
              });
      String id =
          RequestSubmit.submit(
              cluster, client, service, ServiceRequest.Kind.CLEAR, null, null, node, wait.timeout);
      String what = node == null ? "every node" : node;
      cluster.record(
          client, snap.config(), service, "clear " + service + " on " + what + " (" + id + ")");
      System.out.printf("clearing failures and bans of %s on %s (request %s)%n", service, what, id);
      if (wait.noWait) {
        return ExitCode.OK.code();
      }
      try {
        new RequestWaiter(client, layout, snap.config(), System.out)
            .await(
                service,
                id,
                (s, p) ->
                    p.answers().keySet().containsAll(answering)
                        && s.bans().entrySet().stream()
                            .noneMatch(
                                e ->
                                    (node == null || node.equals(e.getKey()))
                                        && e.getValue().untilMillis() > System.currentTimeMillis()),
                wait.timeout);
      } finally {
        RequestSubmit.withdraw(client, layout, service, id);
      }
      System.out.printf(
          "cleared %s on %s (answered by %s)%n",
          service, what, answering.isEmpty() ? "no live agent; bans lifted" : answering);
      return ExitCode.OK.code();
    }
  }
}
