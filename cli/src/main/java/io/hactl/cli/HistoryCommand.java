package io.hactl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hactl.agent.ExitCode;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.time.Sleeper;
import io.hactl.zk.ZkLayout;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the cluster's event history, optionally one service's, and follows it. */
@Command(
    name = "history",
    header = "Show the event history: transitions, fencing, commands.",
    mixinStandardHelpOptions = true,
    description = {
      "Show the cluster's event history in the order ZooKeeper recorded it (oldest first):",
      "every state transition, fence attempt, failure, ban and operator command, with the",
      "node or user that recorded it. Times are the recording node's clock.",
      "",
      "Examples:",
      "  hactl history schedd1 -n 20          the last 20 events of schedd1",
      "  hactl history --since 10m            everything of the last ten minutes",
      "  hactl history -f                     print new events as they are recorded",
      "  hactl history -o json | jq .         one JSON array; with -f, one object per line",
      "",
      "Exit 0; 6 when SERVICE is not a service of the cluster."
    })
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final Duration FOLLOW_POLL = Duration.ofSeconds(1);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  /** Output formats. */
  enum Format {
    text,
    json
  }

  @Mixin ClusterOptions cluster;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "Only this service's events.")
  String service;

  @Option(
      names = {"-s", "--service"},
      paramLabel = "SERVICE",
      description = "Only this service's events (same as the SERVICE argument).")
  String serviceOption;

  @Mixin LastOption last;

  @Option(
      names = "--since",
      paramLabel = "AGE|TIME",
      description = "Only events from the last AGE (10m, 2h) or since TIME (2026-11-30T08:00:00Z).")
  String since;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new events as they are recorded, until interrupted.")
  boolean follow;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() throws Exception {
    String only = only();
    int last = this.last.count();
    long sinceMillis = since == null ? Long.MIN_VALUE : HistoryFilter.sinceMillis(since);
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      if (only != null) {
        Set<String> known = knownServices(client, layout);
        if (!known.contains(only)) {
          throw new CliException(
              ExitCode.REFUSED, "no service " + only + " in the cluster (services: " + known + ")");
        }
      }
      HistoryFilter filter = new HistoryFilter(only, sinceMillis);
      History history = new History(client, layout, Integer.MAX_VALUE);
      List<History.Entry> entries = filter.newest(history.entries(Integer.MAX_VALUE), last);
      PrintStream out = System.out;
      if (format == Format.json && !follow) {
        List<HistoryEvent> events = new ArrayList<>();
        entries.forEach(e -> events.add(e.event()));
        out.println(JSON.writeValueAsString(events));
      } else {
        entries.forEach(e -> print(out, e.event()));
      }
      out.flush();
      if (follow) {
        follow(history, filter, entries.isEmpty() ? null : entries.get(entries.size() - 1).name());
      }
      return ExitCode.OK.code();
    }
  }

  private String only() throws CliException {
    if (service != null && serviceOption != null && !service.equals(serviceOption)) {
      throw new CliException(
          ExitCode.USAGE, "two services given (" + service + ", " + serviceOption + "): give one");
    }
    return service != null ? service : serviceOption;
  }

  /** Services of the stored configuration and services that have a node in ZooKeeper. */
  private static Set<String> knownServices(CuratorFramework client, ZkLayout layout)
      throws Exception {
    Set<String> known = new TreeSet<>(ClusterSnapshot.children(client, layout.services()));
    try {
      known.addAll(ClusterSnapshot.read(client, layout).services().keySet());
    } catch (CliException e) {
      // No or unreadable stored configuration: the service nodes are what is known.
    }
    return known;
  }

  private void follow(History history, HistoryFilter filter, String after)
      throws InterruptedException {
    String seen = after;
    while (!Thread.currentThread().isInterrupted()) {
      Sleeper.SYSTEM.sleep(FOLLOW_POLL);
      List<History.Entry> fresh;
      try {
        fresh = history.entriesAfter(seen);
      } catch (Exception e) {
        System.err.println("hactl: history: " + e.getMessage() + " (retrying)");
        continue;
      }
      for (History.Entry e : fresh) {
        seen = e.name();
        if (filter.test(e.event())) {
          print(System.out, e.event());
        }
      }
      System.out.flush();
    }
  }

  private void print(PrintStream out, HistoryEvent e) {
    if (format == Format.json) {
      try {
        out.println(JSON.writeValueAsString(e));
      } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
        out.println("{\"error\": \"unprintable event\"}");
      }
      return;
    }
    if (e.timeMillis() == 0 && "corrupt".equals(e.kind())) {
      out.println(e.message()); // corrupt: PATH: what is wrong (no time: nothing could be read)
      return;
    }
    out.printf(
        "%s  %-8s %-10s %-10s %s%n",
        TIME.format(Instant.ofEpochMilli(e.timeMillis())),
        e.node(),
        e.service() == null ? "-" : e.service(),
        e.kind(),
        e.message());
  }
}
