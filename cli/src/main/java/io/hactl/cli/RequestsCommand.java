package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.Requests;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.RequestAuthors;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists pending operator requests and cancels them. */
@Command(
    name = "requests",
    header = "List pending requests (who, when, what); `requests cancel` removes one.",
    mixinStandardHelpOptions = true,
    subcommands = {RequestsCommand.Cancel.class},
    description = {
      "List the requests stored for the agents (relocate, restart, clear, enable --on): the",
      "service, the id, what it asks, the identity ZooKeeper recorded as its creator, the local",
      "user the command claimed, when it was made, when it expires, and agents' answers.",
      "A request lives only as long as the command that made it (or until its deadline with",
      "--no-wait); one left here is from a command that was killed. Exit 0."
    })
final class RequestsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE", arity = "0..1", description = "Only this service.")
  String service;

  @Override
  public Integer call() throws Exception {
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, cluster.layout());
      List<ClusterSnapshot.ServiceView> views = new ArrayList<>();
      if (service != null) {
        views.add(snap.service(service));
      } else {
        views.addAll(snap.services().values());
      }
      long now = System.currentTimeMillis();
      int n = 0;
      for (var v : views) {
        for (Requests.Pending p : v.requests()) {
          List<String> creators = creators(client, cluster.layout(), p);
          String at =
              p.request()
                  .map(r -> TIME.format(Instant.ofEpochMilli(r.requestedAtMillis())))
                  .orElse("-");
          System.out.printf(
              "%-12s %-16s %s  created by %s at %s: %s%n",
              v.name(),
              p.id(),
              p.request().map(r -> r.describe()).orElse("CORRUPT"),
              creators.isEmpty() ? "(no recorded creator)" : String.join(",", creators),
              at,
              StatusTable.pending(v.name(), StatusModel.request(p), now));
          n++;
        }
      }
      if (n == 0) {
        System.out.println("no pending requests");
      }
      return ExitCode.OK.code();
    }
  }

  private static List<String> creators(CuratorFramework client, ZkLayout layout, Requests.Pending p)
      throws Exception {
    try {
      return RequestAuthors.creators(client, layout.request(p.service(), p.id()));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /** Cancels requests. */
  @Command(
      name = "cancel",
      header = "Cancel a pending request (or every one of a service with --all).",
      mixinStandardHelpOptions = true,
      description = {
        "Remove request ID of SERVICE (as listed by `hactl requests`), valid or corrupt, or every",
        "request of SERVICE with --all. A command waiting for it ends with \"cancelled\".",
        "Recorded in the history. Exit 0 when removed, 6 when there is no such request."
      })
  static final class Cancel implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "ID", arity = "0..1")
    String id;

    @Option(names = "--all", description = "Every request of SERVICE.")
    boolean all;

    @Override
    public Integer call() throws Exception {
      if (id != null && (id.isEmpty() || id.contains("/"))) {
        throw new CliException(
            ExitCode.USAGE, "request id " + id + ": expected a name like req-0000000003");
      }
      if ((id == null) == !all) {
        throw new CliException(ExitCode.USAGE, "give either a request ID or --all");
      }
      ZkLayout layout = cluster.layout();
      try (CuratorFramework client = cluster.connect()) {
        ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
        var v = snap.service(service);
        List<String> ids = new ArrayList<>();
        if (all) {
          v.requests().forEach(p -> ids.add(p.id()));
        } else {
          ids.add(id);
        }
        List<String> removed = new ArrayList<>();
        for (String r : ids) {
          if (Requests.delete(client, layout, service, r)) {
            removed.add(r);
          }
        }
        if (removed.isEmpty()) {
          throw new CliException(
              ExitCode.REFUSED,
              all
                  ? service + " has no pending requests"
                  : "no request "
                      + id
                      + " for "
                      + service
                      + " (see `hactl requests "
                      + service
                      + "`)");
        }
        cluster.record(
            client, snap.config(), service, "requests cancel " + service + " " + removed);
        System.out.println("cancelled " + removed);
        return ExitCode.OK.code();
      }
    }
  }
}
