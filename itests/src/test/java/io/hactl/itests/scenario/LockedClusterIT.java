package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.fencing.agents.ProcSampler;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.fence.SimulatedBmc;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.ownership.Breadcrumb;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import io.hactl.zk.Json;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running three-node cluster with ZooKeeper authentication on (credentials generated with {@code
 * hactl credentials init} beside the configuration, where agents and commands find them) and the
 * BMC password in a secret file (issue 8). The attack of the issue, one ZooKeeper {@code multi}
 * that rewrites the breadcrumb as a clean release by the owner, puts a relocation request in {@code
 * admin} and deletes the owner node, is refused for an anonymous, a read-only and an administrator
 * client, and the observer sees one owner throughout. A crash of the owner is fenced through the
 * simulated BMC with the password from the file, and the password shows in no process command line
 * sampled meanwhile, no log, no ZooKeeper znode or file, and no command's output.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@OwnCluster
class LockedClusterIT extends ScenarioSupport {
  private static final String PASSWORD = SimulatedBmc.PASSWORD;
  private static final Duration COMMAND = Duration.ofSeconds(60);

  /** How long the cluster is watched after the refused attack. */
  private static final Duration WATCH = Duration.ofSeconds(6);

  private static Path credentials;
  private static Path secretDir;

  @BeforeAll
  static void startLockedCluster() {
    cluster = startWithAgents(o -> o, LockedClusterIT::lockDown);
    nemesis = new Nemesis(cluster, budgets(cluster));
  }

  /** Credentials beside the configuration, and the BMC password moved into a secret file. */
  private static void lockDown(TestCluster c) {
    Path config = c.paths().config();
    credentials = Path.of(config + ".credentials");
    ProcessResult init =
        new ProcessRunner()
            .run(
                ProcessSpec.of(
                    "hactl credentials init",
                    COMMAND,
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        c.options().hactlJar().toString(),
                        "credentials",
                        "init",
                        credentials.toString())));
    if (!init.succeeded()) {
      throw new HarnessException("hactl credentials init failed: " + init.describe());
    }
    try {
      secretDir = c.run().dir().resolve("secrets");
      Files.createDirectories(secretDir);
      Files.setPosixFilePermissions(secretDir, PosixFilePermissions.fromString("rwx------"));
      Path secret = secretDir.resolve("bmc-password");
      Files.writeString(secret, PASSWORD + "\n");
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      String yaml = Files.readString(config);
      Matcher m =
          java.util.regex.Pattern.compile(
                  "(?m)^( +)options: \\{(.*), password: "
                      + java.util.regex.Pattern.quote(ClusterYaml.q(PASSWORD))
                      + "(.*)\\}$")
              .matcher(yaml);
      String moved =
          m.replaceAll(
              r ->
                  Matcher.quoteReplacement(
                      r.group(1)
                          + "options: {"
                          + r.group(2)
                          + r.group(3)
                          + "}\n"
                          + r.group(1)
                          + "secrets: {password: "
                          + ClusterYaml.q(secret.toString())
                          + "}"));
      if (moved.contains(PASSWORD) || !moved.contains("secrets: {password: ")) {
        throw new HarnessException("cannot move the BMC password out of " + config + ":\n" + yaml);
      }
      Files.writeString(config, moved);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theTwoOwnerMultiIsRefusedForAnonymousReaderAndAdmin() throws Exception {
    String owner = owner();
    String target = other(owner);
    ZkLayout layout = layout();
    String svc = ClusterYaml.SERVICE;
    long t0 = System.nanoTime();
    int fenceCallsBefore = cluster.fenceCalls().size();
    try (CuratorFramework reader = client(ZkRole.READER);
        CuratorFramework anonymous = client(null);
        CuratorFramework admin = client(ZkRole.ADMIN)) {
      Stat ownerStat = reader.checkExists().forPath(layout.owner(svc));
      assertNotNull(ownerStat, "the owner node exists");
      byte[] crumb = reader.getData().forPath(layout.breadcrumb(svc));
      Breadcrumb released = Json.read(crumb, Breadcrumb.class).released();
      assertEquals(owner, released.owner(), "the breadcrumb names the owner");
      long now0 = System.currentTimeMillis();
      byte[] request =
          Json.write(
              new ServiceRequest(
                  ServiceRequest.Kind.RELOCATE,
                  owner,
                  target,
                  null,
                  "forger",
                  now0,
                  now0 + 60_000));
      List<String> requestsBefore =
          Requests.list(reader, layout, svc).stream().map(Requests.Pending::id).toList();

      expectNoAuth(
          "anonymous read of " + layout.config(),
          () -> anonymous.getData().forPath(layout.config()));
      for (var who : Map.of("anonymous", anonymous, "reader", reader, "admin", admin).entrySet()) {
        CuratorFramework z = who.getValue();
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(z.transactionOp().setData().forPath(layout.breadcrumb(svc), Json.write(released)));
        ops.add(
            z.transactionOp()
                .create()
                .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                .forPath(layout.requestPrefix(svc), request));
        ops.add(z.transactionOp().delete().forPath(layout.owner(svc)));
        expectNoAuth(
            "the two-owner multi from " + who.getKey(), () -> z.transaction().forOperations(ops));
      }

      Waits.pause(WATCH);
      assertArrayEquals(crumb, reader.getData().forPath(layout.breadcrumb(svc)), "breadcrumb");
      Stat now = reader.checkExists().forPath(layout.owner(svc));
      assertNotNull(now, "the owner node still exists");
      assertEquals(ownerStat.getCzxid(), now.getCzxid(), "the same owner node");
      assertEquals(
          requestsBefore,
          Requests.list(reader, layout, svc).stream().map(Requests.Pending::id).toList(),
          "no request was stored");
    }
    assertEquals(owner, owner(), "the service stays on its owner");
    assertEquals(
        fenceCallsBefore,
        cluster.fenceCalls().size(),
        "nobody was fenced: " + cluster.fenceCalls());
    assertTrue(
        cluster.recorder().transitions().stream().noneMatch(t -> t.nanos() >= t0),
        "no service state changed: " + cluster.recorder().transitions());
    assertNoViolations();
  }

  @Test
  void aBmcPasswordFromASecretFileShowsNowhereDuringARealFence() throws Exception {
    String victim = owner();
    FaultRecord r;
    List<String> seen;
    try (ProcSampler ps = ProcSampler.start(PASSWORD)) {
      r = nemesis.crashNode("crash of " + victim + ", fenced with a secret file", victim);
      seen = ps.stop();
      System.err.printf(
          "process tables sampled %d times (ps -eo args %d times) during the failover%n",
          ps.samples(), ps.psRuns());
      assertTrue(ps.psRuns() > 0, "ps -eo args ran during the failover");
    }
    assertNotEquals(victim, owner(), "the service runs elsewhere");
    List<FenceCall> fenced =
        cluster.fenceCalls().stream()
            .filter(c -> c.start() >= r.injected() && c.exitCode() == 0)
            .toList();
    assertTrue(!fenced.isEmpty(), "a fence_ipmilan call succeeded: " + cluster.fenceCalls());
    seen.stream()
        .distinct()
        .forEach(h -> System.err.println("password seen: " + h.replace(PASSWORD, "****")));
    assertEquals(
        List.of(),
        seen.stream().filter(h -> !h.contains(" environ r-------- ")).toList(),
        "command lines (/proc/PID/cmdline, ps -eo args) or open environments showing it");
    assertTrue(
        seen.stream().anyMatch(h -> h.contains(" of /usr/bin/ipmitool -E ")),
        "the password reached ipmitool -E in its environment (the test saw the fence): " + seen);

    String status = output(cluster.hactl(COMMAND, "status"));
    String history = output(cluster.hactl(COMMAND, "history"));
    assertTrue(history.contains(victim), "hactl history works:\n" + history);
    assertTrue(!status.contains(PASSWORD), "hactl status shows the password:\n" + status);
    assertTrue(!history.contains(PASSWORD), "hactl history shows the password");
    try (CuratorFramework reader = client(ZkRole.READER)) {
      for (String path : tree(reader, layout().root())) {
        byte[] data = reader.getData().forPath(path);
        if (data != null) {
          assertTrue(
              !new String(data, StandardCharsets.ISO_8859_1).contains(PASSWORD),
              "znode " + path + " holds the password");
        }
      }
    }
    List<Path> holding = filesHolding(cluster.run().dir(), PASSWORD);
    assertEquals(
        List.of(),
        holding,
        "files of the run holding the password (agent logs, ZooKeeper data, transaction logs"
            + " and server logs, fence-call log, configuration)");
    assertNoViolations();
  }

  private static String output(ProcessResult r) {
    if (r.exitCode() != 0 && r.exitCode() != 1) {
      fail("hactl failed: " + r.describe());
    }
    return String.join("\n", r.output());
  }

  private static ZkLayout layout() throws ConfigException {
    return new ZkLayout(new ConfigParser().parseFile(cluster.paths().config()).cluster().root());
  }

  /** A host client as {@code role}, or anonymous for {@code null}. */
  private static CuratorFramework client(ZkRole role) throws Exception {
    ZkAccess access =
        role == null
            ? ZkAccess.open()
            : ZkAccess.fromDirectory(credentials, List.of(role), layout().root(), Map.of());
    CuratorFramework c =
        ZkClients.start(cluster.zookeeper().connectString(), Duration.ofSeconds(10), access);
    if (!ZkClients.awaitConnected(c, Duration.ofSeconds(20))) {
      c.close();
      throw new AssertionError("no ZooKeeper connection from the host as " + access);
    }
    return c;
  }

  private interface ZkCall {
    void run() throws Exception;
  }

  private static void expectNoAuth(String what, ZkCall call) throws Exception {
    try {
      call.run();
      fail(what + " succeeded");
    } catch (KeeperException.NoAuthException e) {
      System.err.println(what + ": refused, " + e.getMessage());
    }
  }

  private static List<String> tree(CuratorFramework z, String path) throws Exception {
    List<String> out = new ArrayList<>(List.of(path));
    for (String child : z.getChildren().forPath(path)) {
      out.addAll(tree(z, (path.equals("/") ? "" : path) + "/" + child));
    }
    return out;
  }

  /**
   * Regular files under {@code dir} that contain {@code text}, except the simulated BMCs' own
   * configuration (the BMC must know its password) and the secret file.
   */
  private static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(dir.resolve("bmc")) && !p.startsWith(secretDir))
          .filter(p -> contains(p, needle))
          .toList();
    }
  }

  /** Whether {@code file} contains {@code needle}, read in chunks (transaction logs are large). */
  private static boolean contains(Path file, byte[] needle) {
    String n = new String(needle, StandardCharsets.ISO_8859_1);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      String carry = "";
      int read;
      while ((read = in.readNBytes(buf, 0, buf.length)) > 0) {
        String chunk = carry + new String(buf, 0, read, StandardCharsets.ISO_8859_1);
        if (chunk.contains(n)) {
          return true;
        }
        carry = chunk.substring(Math.max(0, chunk.length() - needle.length + 1));
      }
      return false;
    } catch (IOException e) {
      return false; // gone (a rotated log), or a socket
    }
  }
}
