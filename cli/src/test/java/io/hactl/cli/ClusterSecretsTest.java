package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ConfigParser;
import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceOutcome;
import io.hactl.fencing.agents.AgentLocator;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.process.ProcessRunner;
import io.hactl.zk.ZkClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fence password given through a secret file stays on the node: the stored configuration,
 * ZooKeeper's data and transaction log files, {@code status} and {@code history} never hold it, and
 * the configured device hands it to the agent on stdin. A clear-text password is refused by {@code
 * config apply} unless explicitly allowed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSecretsTest {
  @TempDir Path tmp;

  @Test
  void aSecretFileKeepsThePasswordOutOfZooKeeperAndReachesTheAgent() throws Exception {
    String password = "Zebra-" + System.nanoTime();
    Path secret = tmp.resolve("bmc1");
    Files.writeString(secret, password + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Path data = Files.createDirectories(tmp.resolve("zkdata"));
    InstanceSpec spec = new InstanceSpec(data.toFile(), -1, -1, -1, false, 1);
    try (TestingServer server = new TestingServer(spec, true)) {
      Path cfg = tmp.resolve("cluster.yaml");
      String device = "{agent: " + tmp.resolve("fence_rec") + ", options: {ip: 192.0.2.7},";
      Files.writeString(
          cfg,
          config(server, device + " secrets: {password: " + secret + "}}"),
          StandardCharsets.UTF_8);
      Path clear = tmp.resolve("clear.yaml");
      Files.writeString(
          clear, config(server, device.replace("}", ", passwd: " + password + "}") + "}"));

      HactlRun refused = HactlRun.hactl("config", "apply", "--yes", "--offline", clear.toString());
      assertEquals(3, refused.code(), refused.err());
      assertTrue(
          refused.err().contains("nodes.n1.fence[0][0].options.passwd: a secret in clear text"),
          refused.err());
      assertFalse(refused.err().contains(password), refused.err());

      HactlRun applied = HactlRun.hactl("config", "apply", "--yes", "--offline", cfg.toString());
      assertEquals(0, applied.code(), applied.err());
      HactlRun status = HactlRun.hactl("status", "-c", cfg.toString());
      HactlRun history = HactlRun.hactl("history", "-c", cfg.toString());
      for (HactlRun r : List.of(applied, status, history)) {
        assertFalse((r.out() + r.err()).contains(password), r.out() + r.err());
      }
      try (CuratorFramework client =
          ZkClients.start(server.getConnectString(), Duration.ofSeconds(6))) {
        ZkClients.awaitConnected(client, Duration.ofSeconds(20));
        for (String path : tree(client, "/")) {
          byte[] bytes = client.getData().forPath(path);
          assertFalse(
              bytes != null && new String(bytes, StandardCharsets.UTF_8).contains(password), path);
        }
      }
      server.stop();
      assertEquals(List.of(), filesContaining(data, password));
      assertTrue(filesContaining(data, secret.toString()).size() > 0, "the reference is stored");

      var n1 = new ConfigParser().parseFile(cfg).node("n1").orElseThrow();
      FenceDevice fromConfig = n1.fenceLevels().get(0).devices().get(0).toDevice();
      Path rec = tmp.resolve("fence_rec");
      Files.writeString(rec, "#!/bin/sh\ncat > \"$(dirname \"$0\")/stdin.txt\"\n");
      Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwx------"));
      FenceOutcome outcome =
          new FenceAgentsAdapter(
                  new ProcessRunner(), new AgentLocator(List.of(tmp)), Duration.ofSeconds(1))
              .run("n1", fromConfig, FenceAction.OFF);
      assertTrue(outcome.success(), outcome.detail());
      assertTrue(
          Files.readAllLines(tmp.resolve("stdin.txt")).contains("password=" + password),
          "the agent reads the password on stdin");
    }
  }

  private static String config(TestingServer server, String device) {
    return "cluster: {name: sec, zookeeper: \""
        + server.getConnectString()
        + "\"}\n"
        + "nodes:\n  n1:\n    address: 127.0.0.1\n    fence: [["
        + device
        + "]]\n";
  }

  private static List<String> tree(CuratorFramework client, String path) throws Exception {
    List<String> out = new ArrayList<>(List.of(path));
    for (String child : client.getChildren().forPath(path)) {
      out.addAll(tree(client, (path.equals("/") ? "" : path) + "/" + child));
    }
    return out;
  }

  /** Data and transaction log files of the server that hold {@code text}. */
  static List<Path> filesContaining(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
