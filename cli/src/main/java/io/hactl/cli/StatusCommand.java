package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints nodes and services: owner, state, epoch, failures. */
@Command(
    name = "status",
    header = "Show nodes and services: owner, state, epoch, failures.",
    mixinStandardHelpOptions = true,
    description = {
      "Show the cluster: which nodes are up, and for every service its owner, state,",
      "epoch (the fencing token of the owner's term), failures in the recovery window,",
      "bans, nodes still to fence, and why it last changed.",
      "RUNNING means the owner saw every resource healthy recently: the owner publishes",
      "the time of its last good check, shown as \"last check N s ago\". An owner whose checks",
      "stopped (a hung agent, say) is shown as RUNNING? with the age of its last check.",
      "Exit 0 when every enabled service is RUNNING, 1 otherwise."
    })
final class StatusCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, cluster.layout(), cluster::localConfig);
      long now = System.currentTimeMillis();
      System.out.print(render(snap, now));
      boolean allRunning =
          snap.services().values().stream()
              .filter(ClusterSnapshot.ServiceView::enabled)
              .allMatch(v -> "RUNNING".equals(ClusterSnapshot.stateOf(v, now)));
      boolean clean =
          snap.corrupt().isEmpty()
              && snap.services().values().stream().allMatch(v -> v.corrupt().isEmpty());
      return allRunning && clean ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
  }

  static String render(ClusterSnapshot snap, long nowMillis) {
    StringBuilder out = new StringBuilder();
    out.append("cluster ").append(snap.config().cluster().name()).append('\n');
    snap.corrupt().forEach(c -> out.append("  ").append(c).append('\n'));
    out.append(String.format("%nNODES%n  %-12s %-6s %s%n", "NAME", "STATE", "ADDRESS"));
    snap.nodesUp()
        .forEach(
            (n, up) ->
                out.append(
                    String.format(
                        "  %-12s %-6s %s%n",
                        n, up ? "up" : "DOWN", snap.config().nodes().get(n).address())));
    out.append(
        String.format(
            "%nSERVICES%n  %-12s %-15s %-10s %-20s %-8s %-8s %s%n",
            "NAME", "STATE", "OWNER", "EPOCH", "FAILURES", "SINCE", "LAST CHANGE"));
    for (var v : snap.services().values()) {
      var st = ClusterSnapshot.ownerStatus(v);
      out.append(
          String.format(
              "  %-12s %-15s %-10s %-20s %-8s %-8s %s%n",
              v.name(),
              ClusterSnapshot.stateOf(v, nowMillis),
              v.owner().orElse("-"),
              v.owner().isPresent() ? Long.toString(v.ownerEpoch()) : "-",
              st.map(s -> Integer.toString(s.failures())).orElse("-"),
              st.map(s -> TIME.format(Instant.ofEpochMilli(s.sinceMillis()))).orElse("-"),
              st.map(s -> s.reason() + lastCheck(s, nowMillis))
                  .orElse(v.owner().isEmpty() ? "" : "(no report from owner yet)")));
      v.breadcrumb()
          .filter(b -> !b.unfenced().isEmpty())
          .ifPresent(
              b -> out.append("      to fence before start: ").append(b.unfenced()).append('\n'));
      v.bans()
          .forEach(
              (n, b) -> {
                if (b.untilMillis() > nowMillis) {
                  out.append(
                      String.format(
                          "      %s banned for %d s more: %s%n",
                          n, (b.untilMillis() - nowMillis + 999) / 1000, b.reason()));
                }
              });
      v.corrupt()
          .forEach(
              c ->
                  out.append("      ")
                      .append(c)
                      .append(
                          c.contains("/admin:")
                              ? "; clear it with `hactl clear-request " + v.name() + "`"
                              : "")
                      .append('\n'));
      if (v.admin().relocation() != null) {
        var r = v.admin().relocation();
        out.append("      relocation pending from ")
            .append(r.from())
            .append(r.to() == null ? "" : " to " + r.to())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** "; last check N s ago" for a RUNNING owner, with a warning when checks stopped. */
  private static String lastCheck(ServiceStatus s, long nowMillis) {
    if (s.state() != ServiceState.RUNNING) {
      return "";
    }
    long last = Math.max(s.checkedMillis(), s.sinceMillis());
    long ago = Math.max(0, (nowMillis - last) / 1000);
    if (s.watched()) {
      return s.checkEveryMillis() > 0
          ? "; checks every " + s.checkEveryMillis() / 1000 + " s, watched by the owner"
          : "";
    }
    if (s.checkedRecently(nowMillis, ClusterSnapshot.CHECK_SLACK_MILLIS)) {
      return "; last check " + ago + " s ago";
    }
    return "; NO GOOD CHECK for "
        + ago
        + " s"
        + (s.checkEveryMillis() > 0 ? " (checks every " + s.checkEveryMillis() / 1000 + " s)" : "")
        + ": the owner's agent may be hung or its checks failing";
  }
}
