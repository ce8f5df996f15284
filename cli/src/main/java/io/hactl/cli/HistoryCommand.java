package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.Checked;
import io.hactl.zk.ZkLayout;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the cluster's event history. */
@Command(
    name = "history",
    header = "Show the event history: transitions, fencing, commands.",
    mixinStandardHelpOptions = true,
    description = {
      "Show the cluster's event history, oldest first: every state transition, fence attempt,",
      "failure, ban and operator command, with the node that recorded it."
    })
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-n", "--last"},
      defaultValue = "50",
      description = "How many events (default: ${DEFAULT-VALUE}).")
  int last;

  @Option(
      names = {"-s", "--service"},
      paramLabel = "SERVICE",
      description = "Only this service.")
  String service;

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      for (Checked<HistoryEvent> c :
          new History(client, layout, Integer.MAX_VALUE)
              .readChecked(service == null ? last : 100_000)) {
        if (c instanceof Checked.Corrupt<HistoryEvent> bad) {
          System.out.println(bad);
          continue;
        }
        HistoryEvent e = c.value().orElseThrow();
        if (service != null && !service.equals(e.service())) {
          continue;
        }
        System.out.printf(
            "%s  %-8s %-10s %-10s %s%n",
            TIME.format(Instant.ofEpochMilli(e.timeMillis())),
            e.node(),
            e.service() == null ? "-" : e.service(),
            e.kind(),
            e.message());
      }
      return ExitCode.OK.code();
    }
  }
}
