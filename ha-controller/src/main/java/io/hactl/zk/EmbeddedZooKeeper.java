package io.hactl.zk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single ZooKeeper server inside this process (ZooKeeper's public {@code
 * ZooKeeperServerEmbedded} API), with a persistent data directory: what {@code cluster.zookeeper:
 * embedded} means. It is a single point of failure: when its process dies, every agent's session is
 * suspended and every owner demotes. Production clusters point at an external ensemble.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

  private final ZooKeeperServerEmbedded server;
  private final String connectString;

  private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, String connectString) {
    this.server = server;
    this.connectString = connectString;
  }

  /**
   * Starts a server keeping its data in {@code baseDir}, on {@code 127.0.0.1:port} (0 = any free
   * port), with the given tick (sessions may last 2 to 20 ticks).
   */
  public static EmbeddedZooKeeper start(
      Path baseDir, int port, Duration tick, Duration startTimeout) throws Exception {
    Files.createDirectories(baseDir);
    int chosen = port == 0 ? freePort() : port;
    Properties p = new Properties();
    p.setProperty("clientPort", Integer.toString(chosen));
    p.setProperty("clientPortAddress", "127.0.0.1");
    p.setProperty("tickTime", Long.toString(tick.toMillis()));
    p.setProperty("initLimit", "10");
    p.setProperty("syncLimit", "5");
    p.setProperty("admin.enableServer", "false");
    p.setProperty("4lw.commands.whitelist", "ruok,srvr,mntr");
    ZooKeeperServerEmbedded server =
        ZooKeeperServerEmbedded.builder()
            .baseDir(baseDir)
            .configuration(p)
            .exitHandler(ExitHandler.LOG_ONLY)
            .build();
    server.start(startTimeout.toMillis());
    String connect = "127.0.0.1:" + chosen;
    LOG.info("embedded ZooKeeper serving {} with data in {}", connect, baseDir);
    return new EmbeddedZooKeeper(server, connect);
  }

  private static int freePort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String connectString() {
    return connectString;
  }

  @Override
  public void close() {
    server.close();
  }
}
