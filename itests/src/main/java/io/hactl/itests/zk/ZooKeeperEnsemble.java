package io.hactl.itests.zk;

import io.hactl.itests.support.Daemon;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Janitor;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real three-server ZooKeeper ensemble: three JVMs running {@code QuorumPeerMain} from the
 * project's own ZooKeeper jars, each with its own data directory, address and log. Servers can be
 * killed and restarted one by one. The tick time bounds the session timeouts clients can get
 * (ZooKeeper clamps them to [2, 20] ticks). It does not guarantee quorum after two servers are
 * killed; that is the caller's fault to inject.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsemble.class);
  private static final Duration ASK = Duration.ofSeconds(1);
  private static final String MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

  private final List<ZkServer> servers;
  private final Path dir;
  private final String classpath;
  private final String runId;
  private final Janitor janitor;
  private final Duration tickTime;
  private final Map<Integer, Daemon> running = new ConcurrentHashMap<>();
  private Duration startupTime = Duration.ZERO;

  /**
   * Prepares (does not start) an ensemble.
   *
   * @param servers the three servers' addresses and ports
   * @param dir directory for configuration, data and logs
   * @param classpath classpath holding ZooKeeper and an SLF4J binding
   * @param tickTime ZooKeeper's tick; sessions may last 2 to 20 ticks
   */
  public ZooKeeperEnsemble(
      List<ZkServer> servers,
      Path dir,
      String classpath,
      Duration tickTime,
      String runId,
      Janitor janitor) {
    this.servers = List.copyOf(servers);
    this.dir = dir;
    this.classpath = classpath;
    this.tickTime = tickTime;
    this.runId = runId;
    this.janitor = janitor;
  }

  /** An ensemble of {@code servers} in the run's {@code zk} directory, on the build's classpath. */
  public static ZooKeeperEnsemble forRun(
      List<ZkServer> servers, io.hactl.itests.support.RunContext run, Duration tickTime) {
    return new ZooKeeperEnsemble(
        servers,
        run.dir().resolve("zk"),
        io.hactl.itests.support.Environment.zookeeperClasspath(),
        tickTime,
        run.id(),
        run.janitor());
  }

  /** Starts every server and waits until one leads and the others follow. */
  public void start(Duration timeout) {
    long t0 = System.nanoTime();
    for (ZkServer s : servers) {
      writeConfig(s);
    }
    for (ZkServer s : servers) {
      launch(s);
    }
    awaitQuorum(timeout);
    startupTime = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info("ZooKeeper ensemble {} ready in {} ms", connectString(), startupTime.toMillis());
  }

  /** Time {@link #start} took from the first launch to a complete quorum. */
  public Duration startupTime() {
    return startupTime;
  }

  public List<ZkServer> servers() {
    return servers;
  }

  /** The client connect string {@code host:port,host:port,host:port}. */
  public String connectString() {
    return servers.stream()
        .map(s -> s.address() + ":" + s.clientPort())
        .collect(Collectors.joining(","));
  }

  /** Waits until one running server leads and every other running server follows. */
  public void awaitQuorum(Duration timeout) {
    Waits.until(
        "ZooKeeper quorum of " + running.keySet(), timeout, Duration.ofMillis(100), this::quorate);
  }

  private boolean quorate() {
    int leaders = 0;
    for (int id : running.keySet()) {
      Optional<String> mode = mode(server(id));
      if (mode.isEmpty()) {
        return false;
      }
      leaders += mode.get().equals("leader") ? 1 : 0;
    }
    return leaders == 1;
  }

  /** The id of the server that currently leads, if one answers as leader. */
  public OptionalInt leader() {
    for (int id : running.keySet()) {
      if (mode(server(id)).filter("leader"::equals).isPresent()) {
        return OptionalInt.of(id);
      }
    }
    return OptionalInt.empty();
  }

  private static Optional<String> mode(ZkServer s) {
    return FourLetterWord.ask(s.address(), s.clientPort(), "srvr", ASK)
        .flatMap(FourLetterWord::mode);
  }

  /** Every client session the running servers hold right now. */
  public List<SessionInfo> sessions() {
    List<SessionInfo> out = new ArrayList<>();
    for (int id : running.keySet()) {
      ZkServer s = server(id);
      FourLetterWord.ask(s.address(), s.clientPort(), "cons", ASK)
          .ifPresent(c -> out.addAll(SessionInfo.parseCons(c)));
    }
    return out;
  }

  /** Kills server {@code id} with SIGKILL. */
  public void kill(int id) {
    Daemon d = running.remove(id);
    if (d != null) {
      d.kill();
      LOG.info("killed ZooKeeper server {} (pid {})", id, d.pid());
    }
  }

  /** Starts server {@code id} again with its old data. */
  public void restart(int id) {
    if (!running.containsKey(id)) {
      launch(server(id));
    }
  }

  private ZkServer server(int id) {
    return servers.stream()
        .filter(s -> s.id() == id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no ZooKeeper server " + id));
  }

  private void launch(ZkServer s) {
    Path sdir = serverDir(s);
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dhx.run=" + runId,
            "-Dlogback.configurationFile=" + sdir.resolve("logback.xml"),
            "-cp",
            classpath,
            MAIN,
            sdir.resolve("zoo.cfg").toString());
    Daemon d = Daemon.toFile("zk" + s.id(), cmd, Map.of(), sdir, sdir.resolve("server.log"));
    janitor.process(runId, d.pid(), "-Dhx.run=" + runId);
    running.put(s.id(), d);
  }

  private Path serverDir(ZkServer s) {
    return dir.resolve("zk" + s.id());
  }

  private void writeConfig(ZkServer s) {
    Path sdir = serverDir(s);
    StringBuilder cfg = new StringBuilder();
    cfg.append("tickTime=").append(tickTime.toMillis()).append('\n');
    cfg.append("initLimit=20\nsyncLimit=5\n");
    cfg.append("dataDir=").append(sdir.resolve("data")).append('\n');
    cfg.append("clientPort=").append(s.clientPort()).append('\n');
    cfg.append("clientPortAddress=").append(s.address()).append('\n');
    cfg.append("admin.enableServer=false\n");
    cfg.append("4lw.commands.whitelist=srvr,cons,mntr,ruok\n");
    cfg.append("maxClientCnxns=0\n");
    for (ZkServer o : servers) {
      cfg.append("server.").append(o.id()).append('=').append(o.address()).append(':');
      cfg.append(o.quorumPort()).append(':').append(o.electionPort()).append('\n');
    }
    try {
      Files.createDirectories(sdir.resolve("data"));
      Files.writeString(sdir.resolve("data/myid"), s.id() + "\n", StandardCharsets.UTF_8);
      Files.writeString(sdir.resolve("zoo.cfg"), cfg.toString(), StandardCharsets.UTF_8);
      Files.writeString(sdir.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write ZooKeeper configuration in " + sdir, e);
    }
  }

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="OUT"/></root>
      </configuration>
      """;

  @Override
  public void close() {
    for (int id : List.copyOf(running.keySet())) {
      running.remove(id).stop(Duration.ofSeconds(2));
    }
  }
}
