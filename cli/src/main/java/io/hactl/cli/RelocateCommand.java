package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.util.List;
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
      "A relocation that cannot happen (no eligible node, target down, banned or in standby,",
      "service frozen) is refused at once, by this command or by the owner's agent; a request",
      "never outlives the command: on timeout it is withdrawn (with --no-wait, it expires at",
      "the --timeout deadline).",
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

  @Mixin WaitOptions wait;

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
                              + " --on NODE`"));
      if (v.frozen()) {
        throw new CliException(
            ExitCode.REFUSED,
            service + " is frozen: run `hactl unfreeze " + service + "` first, then relocate");
      }
      checkTarget(snap, from);
      // Recorded before the request, so the command precedes its effect in the history.
      cluster.record(
          client,
          snap.config(),
          service,
          "relocate " + service + " from " + from + (to == null ? "" : " to " + to));
      String id =
          RequestSubmit.submit(
              cluster, client, service, ServiceRequest.Kind.RELOCATE, from, to, null, wait.timeout);
      System.out.printf(
          "relocating %s from %s%s (request %s)%n",
          service, from, to == null ? "" : " to " + to, id);
      if (wait.noWait) {
        System.out.println(
            "not waiting; the request expires in " + wait.timeout.toSeconds() + " s");
        return ExitCode.OK.code();
      }
      ClusterSnapshot.ServiceView done;
      try {
        done =
            new RequestWaiter(client, layout, snap.config(), System.out)
                .await(
                    service,
                    id,
                    (s, p) ->
                        s.owner().isPresent()
                            && !s.owner().get().equals(from)
                            && "RUNNING".equals(ClusterSnapshot.stateOf(s)),
                    wait.timeout);
      } finally {
        RequestSubmit.withdraw(client, layout, service, id);
      }
      if (to != null && !done.owner().get().equals(to)) {
        throw new CliException(
            ExitCode.FAILURE,
            to
                + " was not eligible when "
                + from
                + " released "
                + service
                + " (down or banned by then); "
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
    long now = System.currentTimeMillis();
    List<String> eligible = new java.util.ArrayList<>(snap.eligible(service, now));
    eligible.remove(from);
    if (to == null) {
      if (eligible.isEmpty()) {
        throw new CliException(
            ExitCode.REFUSED,
            "no eligible node to move "
                + service
                + " to: "
                + snap.whyNotEligible(service, from, now)
                + "; it stays on "
                + from);
      }
      return;
    }
    if (to.equals(from)) {
      throw new CliException(ExitCode.REFUSED, service + " already runs on " + to);
    }
    if (!snap.nodesUp().containsKey(to)) {
      throw new CliException(
          ExitCode.REFUSED, "no node " + to + " (nodes: " + snap.nodesUp().keySet() + ")");
    }
    if (!eligible.contains(to)) {
      throw new CliException(
          ExitCode.REFUSED,
          to
              + " cannot take "
              + service
              + ": it "
              + snap.whyNot(service, to, now).orElse("is not eligible")
              + (eligible.isEmpty() ? "" : "; eligible now: " + eligible));
    }
  }
}
