package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Prints the names shell completion offers: the cluster's services or nodes, one per line, from the
 * configuration stored in ZooKeeper (else from the local file). Read-only; hidden from help.
 */
@Command(
    name = "complete",
    hidden = true,
    description = "Print service or node names for shell completion, one per line.")
final class CompleteCommand implements Callable<Integer> {
  /** What to list. */
  enum What {
    services,
    nodes
  }

  @Mixin ClusterOptions cluster;

  @Parameters(index = "0", paramLabel = "WHAT", description = "services or nodes")
  What what;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, cluster.layout());
      names.addAll(
          what == What.services
              ? snap.services().keySet()
              : new TreeSet<>(snap.config().nodes().keySet()));
    } catch (CliException unreachable) {
      var config = cluster.loadConfig();
      names.addAll(what == What.services ? config.services().keySet() : config.nodes().keySet());
    }
    names.forEach(System.out::println);
    return ExitCode.OK.code();
  }
}
