package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.history.FenceEvents;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.ZkLayout;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hactl fence history}: every fencing event of the history, optionally one node's. */
@Command(
    name = "history",
    header = "List fence attempts (failed or not), fence commands and acknowledgements.",
    mixinStandardHelpOptions = true,
    description = {
      "List the fencing events of the cluster's history, oldest first: every device attempt",
      "of every fence (by an agent taking a service over, or by `hactl fence NODE`), failed",
      "or not, with its level and device, and every `hactl fence ack`. With NODE, only the",
      "events about that node. Times are the recording node's clock.",
      "",
      "Exit 0; 2 when NODE is not a node of the cluster."
    })
final class FenceHistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NODE", arity = "0..1", description = "Only events about this node.")
  String node;

  @Mixin LastOption last;

  @Override
  public Integer call() throws Exception {
    int last = this.last.count();
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      if (node != null) {
        FenceCommand.knownNode(ClusterSnapshot.read(client, layout).config(), node);
      }
      List<HistoryEvent> events =
          new History(client, layout, Integer.MAX_VALUE)
              .read(Integer.MAX_VALUE).stream().filter(e -> FenceEvents.about(e, node)).toList();
      for (HistoryEvent e : events.subList(Math.max(0, events.size() - last), events.size())) {
        System.out.printf(
            "%s  %-12s %s%n",
            TIME.format(Instant.ofEpochMilli(e.timeMillis())), e.node(), e.message());
      }
      if (events.isEmpty()) {
        System.out.println(
            "no fencing recorded" + (node == null ? "" : " for node " + node) + " in the history");
      }
      return ExitCode.OK.code();
    }
  }
}
