package io.hactl.cli;

import io.hactl.agent.Agent;
import io.hactl.agent.AgentException;
import io.hactl.agent.DefaultAgentServices;
import io.hactl.agent.ExitCode;
import io.hactl.agent.TestFaults;
import io.hactl.config.ClusterConfig;
import io.hactl.observe.ListenAddress;
import io.hactl.observe.Observation;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.ocf.MetaDataCatalog;
import io.hactl.zk.ZkClients;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
      "through `hactl config apply`. The agent requests the session timeout of the stored",
      "configuration (the local file's only for the first agent of a new cluster).",
      "",
      "The agent serves, read-only, on --listen: GET /metrics (Prometheus), GET /health",
      "(200 when joined and connected) and GET /owner/SERVICE (200 only on the node that",
      "runs SERVICE and saw it healthy recently, 503 elsewhere; for load balancers).",
      "An address that cannot be bound stops the agent before it joins.",
      "",
      "For hactl's own multi-node tests only: the JVM property -Dhactl.testFaults=DIR makes",
      "every monitor on this node throw while DIR/NODE exists (logged at ERROR at start)."
    })
final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--allow-clear-text-secrets",
      description = {
        "When this agent is the first of its cluster and stores its configuration file in",
        "ZooKeeper: store it even with fence passwords, keys or tokens in clear (readable by",
        "every reader of the cluster). Without it such a file is refused; give each secret in",
        "a file on each node instead, with the device's `secrets: {OPTION: /path}`."
      })
  boolean allowClearTextSecrets;

  @Option(
      names = "--listen",
      paramLabel = "IP:PORT",
      defaultValue = ListenAddress.DEFAULT,
      description = {
        "Serve GET /metrics, /health and /owner/SERVICE here,",
        "read-only. Default: ${DEFAULT-VALUE} (loopback only);",
        "0.0.0.0:9464 for every interface; none for no listener."
      })
  String listen;

  @Option(
      names = {"-n", "--node"},
      required = true,
      paramLabel = "NAME",
      description = "This node's name, as in the configuration's nodes.")
  String node;

  @Override
  public Integer call() throws Exception {
    Optional<InetSocketAddress> listenAt;
    try {
      listenAt = ListenAddress.parse("--listen", listen);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    ClusterConfig config = cluster.loadConfig(new MetaDataCatalog(new ProcessRunner()));
    cluster.roles = List.of(ZkRole.AGENT);
    ZkAccess access = cluster.access();
    LOG.info("node {}: ZooKeeper access: {}", node, access);
    Duration connect = cluster.connectTimeout.plus(Duration.ofSeconds(15));
    Duration local = config.cluster().sessionTimeout();
    CuratorFramework client =
        ZkClients.start(cluster.connectString(), local, access, cluster.clientConfig());
    Agent agent;
    Observation observation = null;
    try {
      // The stored configuration's session timeout is the one to request, not the local file's.
      Duration wanted = Agent.requestedSessionTimeout(client, config, connect);
      if (!wanted.equals(local)) {
        System.err.printf(
            "requesting the stored configuration's session timeout of %d ms (the local file"
                + " says %d ms)%n",
            wanted.toMillis(), local.toMillis());
        client.close();
        client = ZkClients.start(cluster.connectString(), wanted, access, cluster.clientConfig());
      }
      agent =
          new Agent(
              config,
              node,
              client,
              TestFaults.fromSystemProperty(new DefaultAgentServices()),
              access.identities());
      if (allowClearTextSecrets) {
        agent.allowClearTextSecrets();
      }
      observation = Observation.wire(agent, node, listenAt);
      agent.start(connect);
    } catch (AgentException e) {
      if (observation != null) {
        observation.close();
      }
      client.close();
      throw new CliException(e.exitCode(), e.getMessage());
    }
    Observation observed = observation;
    CuratorFramework started = client;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  observed.close();
                  started.close();
                  stopped.countDown();
                },
                "agent-shutdown"));
    stopped.await();
    return ExitCode.OK.code();
  }
}
