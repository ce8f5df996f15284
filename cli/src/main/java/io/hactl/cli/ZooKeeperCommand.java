package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.EmbeddedZooKeeper;
import io.hactl.zk.auth.CredentialsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the embedded ZooKeeper server of a one-machine cluster in the foreground. */
@Command(
    name = "zookeeper",
    header = "Run an embedded ZooKeeper server (one machine, trials).",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single embedded ZooKeeper server in the foreground, for a cluster whose",
      "configuration says `cluster.zookeeper: embedded` (one machine: demos, trials).",
      "It writes its connect string to FILE.zk next to the configuration, where agents and",
      "commands find it. On first start it also generates ZooKeeper credentials for the",
      "agent, admin and reader identities into FILE.credentials (owner-only files), which",
      "agents and local commands use: nothing without them can read or change the cluster.",
      "It is a single point of failure: production clusters use an external ensemble of",
      "three or five servers."
    })
final class ZooKeeperCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--port",
      defaultValue = "2181",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: FILE.zkdata next to the configuration).")
  Path data;

  @Option(
      names = "--tick",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Tick; sessions may last 2 to 20 ticks (default: ${DEFAULT-VALUE}).")
  Duration tick;

  @Override
  public Integer call() throws Exception {
    cluster.loadConfig();
    Path dir =
        data != null
            ? data
            : cluster.config.resolveSibling(cluster.config.getFileName() + ".zkdata");
    Path marker = EmbeddedConnect.fileFor(cluster.config);
    Path credentials = Credentials.besideConfig(cluster.config);
    boolean created = CredentialsDirectory.ensure(credentials);
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, port, tick, Duration.ofSeconds(30))) {
      Files.writeString(marker, zk.connectString() + "\n");
      System.out.println("embedded ZooKeeper at " + zk.connectString() + " (data in " + dir + ")");
      System.out.println(
          "authentication on: "
              + (created ? "new " : "")
              + "credentials for agent, admin and reader in "
              + credentials
              + " (local hactl commands find them there)");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      Files.deleteIfExists(marker);
                    } catch (java.io.IOException e) {
                      // best effort
                    }
                    stop.countDown();
                  }));
      stop.await();
    }
    return ExitCode.OK.code();
  }
}
