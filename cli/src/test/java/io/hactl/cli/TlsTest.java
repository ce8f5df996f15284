package io.hactl.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.agent.Agent;
import io.hactl.agent.DefaultAgentServices;
import io.hactl.agent.ServiceState;
import io.hactl.config.ConfigParser;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkTls;
import io.hactl.zk.auth.ZkAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ZooKeeper that serves TLS only (Netty, {@code secureClientPort}, client certificates
 * required), with certificates made here by {@code keytool}: an agent and {@code hactl status} work
 * through {@code cluster.tls}; a plain-TCP client never connects.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsTest {
  private static final String PASSWORD = "tls-" + System.nanoTime();

  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  @Test
  void agentsAndStatusWorkOverTlsAndPlainClientsAreRefused() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    assumeTrue(Files.isExecutable(keytool), "no keytool in " + keytool);
    Path server = keyPair(keytool, "server");
    Path client = keyPair(keytool, "client");
    Path serverTrust = trust(keytool, "server-trust", client);
    Path clientTrust = trust(keytool, "client-trust", server);
    Path pwFile = tmp.resolve("store.password");
    Files.writeString(pwFile, PASSWORD + "\n");
    Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));

    int port = freePort();
    Properties p = new Properties();
    p.setProperty("secureClientPort", Integer.toString(port));
    p.setProperty("secureClientPortAddress", "127.0.0.1");
    p.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
    p.setProperty("ssl.keyStore.location", server.toString());
    p.setProperty("ssl.keyStore.password", PASSWORD);
    p.setProperty("ssl.trustStore.location", serverTrust.toString());
    p.setProperty("ssl.trustStore.password", PASSWORD);
    p.setProperty("ssl.clientAuth", "need");
    p.setProperty("tickTime", "500");
    p.setProperty("admin.enableServer", "false");
    ZooKeeperServerEmbedded zk =
        ZooKeeperServerEmbedded.builder()
            .baseDir(Files.createDirectories(tmp.resolve("zk")))
            .configuration(p)
            .exitHandler(ExitHandler.LOG_ONLY)
            .build();
    zk.start(30_000);
    closers.add(zk);
    String connect = "127.0.0.1:" + port;

    Path cfg = tmp.resolve("cluster.yaml");
    String yaml =
        TwoAgents.yaml("tls", connect)
            .replace(
                "sessionTimeout: 6s}",
                "sessionTimeout: 6s, tls: {trustStore: "
                    + clientTrust
                    + ", trustStorePasswordFile: "
                    + pwFile
                    + ", keyStore: "
                    + client
                    + ", keyStorePasswordFile: "
                    + pwFile
                    + "}}");
    Files.writeString(cfg, yaml);
    var config = new ConfigParser().parseFile(cfg);
    HactlRun apply = HactlRun.hactl("config", "apply", "--yes", cfg.toString());
    assertEquals(0, apply.code(), apply.err());

    CuratorFramework agentClient =
        ZkClients.start(
            connect,
            Duration.ofSeconds(6),
            ZkAccess.open(),
            ZkTls.clientConfig(config.cluster().tls()));
    closers.add(agentClient);
    Agent agent = new Agent(config, "n1", agentClient, new DefaultAgentServices());
    closers.add(agent);
    agent.start(Duration.ofSeconds(20));
    await("n1 runs s1 over TLS")
        .atMost(Duration.ofSeconds(30))
        .until(() -> agent.controllers().get("s1").state() == ServiceState.RUNNING);
    HactlRun status = HactlRun.hactl("status", "-c", cfg.toString());
    assertTrue(status.out().matches("(?s).*s1\\s+RUNNING\\s+n1.*"), status.out() + status.err());

    CuratorFramework plain = ZkClients.start(connect, Duration.ofSeconds(6));
    closers.add(plain);
    assertFalse(
        ZkClients.awaitConnected(plain, Duration.ofSeconds(5)),
        "a plain-TCP client must not get a session on the TLS port");
  }

  private Path keyPair(Path keytool, String name) throws Exception {
    Path store = tmp.resolve(name + ".p12");
    run(
        keytool.toString(),
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    run(
        keytool.toString(),
        "-exportcert",
        "-rfc",
        "-alias",
        name,
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        tmp.resolve(name + ".pem").toString());
    return store;
  }

  private Path trust(Path keytool, String name, Path peerStore) throws Exception {
    Path store = tmp.resolve(name + ".p12");
    String peer = peerStore.getFileName().toString().replace(".p12", "");
    run(
        keytool.toString(),
        "-importcert",
        "-noprompt",
        "-alias",
        peer,
        "-file",
        tmp.resolve(peer + ".pem").toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    return store;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
