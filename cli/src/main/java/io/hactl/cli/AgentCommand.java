package io.hactl.cli;

import io.hactl.agent.Agent;
import io.hactl.agent.AgentException;
import io.hactl.agent.DefaultAgentServices;
import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.ZkClients;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the agent daemon of one node in the foreground until TERM or INT. */
@Command(
    name = "agent",
    header = "Run this node's agent in the foreground.",
    mixinStandardHelpOptions = true,
    description = {
      "Run the hactl agent of one node in the foreground.",
      "",
      "The agent joins the cluster, takes the services placement gives it (mount the spool,",
      "write the epoch, start the daemon), restarts or relocates them on failure, and demotes",
      "them at once if its ZooKeeper connection is suspended. It logs one line per service",
      "state transition. On TERM or INT it stops its services and releases them cleanly, so",
      "the next owner needs no fencing.",
      "",
      "The first agent of a cluster stores the configuration in ZooKeeper; later changes go",
      "through `hactl config apply`."
    })
final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-n", "--node"},
      required = true,
      paramLabel = "NAME",
      description = "This node's name, as in the configuration's nodes.")
  String node;

  @Override
  public Integer call() throws Exception {
    ClusterConfig config = cluster.loadConfig();
    cluster.roles = List.of(ZkRole.AGENT);
    ZkAccess access = cluster.access();
    LOG.info("node {}: ZooKeeper access: {}", node, access);
    CuratorFramework client =
        ZkClients.start(
            cluster.connectString(),
            config.cluster().sessionTimeout(),
            access,
            cluster.clientConfig());
    Agent agent = new Agent(config, node, client, new DefaultAgentServices());
    try {
      agent.start(cluster.connectTimeout.plus(Duration.ofSeconds(15)));
    } catch (AgentException e) {
      client.close();
      throw new CliException(e.exitCode(), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  client.close();
                  stopped.countDown();
                },
                "agent-shutdown"));
    stopped.await();
    return ExitCode.OK.code();
  }
}
