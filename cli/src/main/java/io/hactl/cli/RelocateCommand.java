package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ZkServiceEvents.AdminNodes;
import io.hactl.zk.AdminState.RelocationRequest;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Moves a running service to another node by a clean stop, release and start. */
@Command(
    name = "relocate",
    header = "Move a running service to another node, cleanly.",
    mixinStandardHelpOptions = true,
    description = {
      "Move a running service to another node: the owner stops it (children first), unmounts",
      "the spool and releases it cleanly, so the target needs no fencing; the target mounts,",
      "writes a new epoch and starts it. Without --to, the next eligible node of the failover",
      "domain takes it. Waits for the outcome and prints a timeline.",
      "Exit 0 when running on the new node, 5 on timeout, 6 when refused."
    })
final class RelocateCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE", description = "Service to move.")
  String service;

  @Option(
      names = "--to",
      paramLabel = "NODE",
      description = "Target node (must be up and eligible).")
  String to;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the outcome (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      var v = snap.serviceForRequest(service);
      String from =
          v.owner()
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCode.REFUSED,
                          service
                              + " is not running anywhere; use `hactl enable "
                              + service
                              + "`"));
      checkTarget(snap, from);
      String id = UUID.randomUUID().toString();
      // Recorded before the request, so the command precedes its effect in the history.
      cluster.record(
          client,
          snap.config(),
          service,
          "relocate " + service + " from " + from + (to == null ? "" : " to " + to));
      AdminNodes.update(
          client,
          layout.admin(service),
          a -> a.withRelocation(new RelocationRequest(id, from, to, System.currentTimeMillis())));
      System.out.printf("relocating %s from %s%s%n", service, from, to == null ? "" : " to " + to);
      var done =
          new RequestWaiter(client, layout, snap.config(), System.out)
              .await(
                  service,
                  s ->
                      s.owner().isPresent()
                          && !s.owner().get().equals(from)
                          && "RUNNING".equals(ClusterSnapshot.stateOf(s)),
                  timeout);
      if (to != null && !done.owner().get().equals(to)) {
        throw new CliException(
            ExitCode.FAILURE,
            to
                + " was not eligible when "
                + from
                + " released "
                + service
                + " (down or banned by"
                + " then); "
                + service
                + " runs on "
                + done.owner().get()
                + " (epoch "
                + done.ownerEpoch()
                + ") instead");
      }
      System.out.printf(
          "%s runs on %s (epoch %d)%n", service, done.owner().get(), done.ownerEpoch());
      return ExitCode.OK.code();
    }
  }

  private void checkTarget(ClusterSnapshot snap, String from) throws CliException {
    if (to == null) {
      return;
    }
    if (to.equals(from)) {
      throw new CliException(ExitCode.REFUSED, service + " already runs on " + to);
    }
    if (!snap.nodesUp().containsKey(to)) {
      throw new CliException(
          ExitCode.REFUSED, "no node " + to + " (nodes: " + snap.nodesUp().keySet() + ")");
    }
    if (!snap.nodesUp().get(to)) {
      throw new CliException(ExitCode.REFUSED, "node " + to + " is down");
    }
    var svc = snap.config().services().get(service);
    var domain = snap.config().domainOf(svc);
    if (domain.restricted() && domain.member(to).isEmpty()) {
      throw new CliException(
          ExitCode.REFUSED,
          to + " is not in the restricted failover domain " + domain.name() + " of " + service);
    }
    var ban = snap.service(service).bans().get(to);
    if (ban != null && ban.untilMillis() > System.currentTimeMillis()) {
      throw new CliException(
          ExitCode.REFUSED,
          to + " is banned from " + service + " until its failures expire: " + ban.reason());
    }
  }
}
