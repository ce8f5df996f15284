package io.hactl.zk;

import io.hactl.config.ClusterSettings;
import io.hactl.zk.auth.ZkAccess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.client.ZKClientConfig;

/** Builds and connects Curator clients for a cluster. */
public final class ZkClients {
  private ZkClients() {}

  /**
   * A started client for {@code connectString} with the requested session timeout. Keeps Curator's
   * default {@code StandardConnectionStateErrorPolicy} (SUSPENDED means suspended).
   */
  public static CuratorFramework start(String connectString, Duration sessionTimeout) {
    return start(connectString, sessionTimeout, ZkAccess.open());
  }

  /**
   * A started client that authenticates and sets ACLs as {@code access} says (on every new
   * ZooKeeper session too).
   */
  public static CuratorFramework start(
      String connectString, Duration sessionTimeout, ZkAccess access) {
    return start(connectString, sessionTimeout, access, new ZKClientConfig());
  }

  /**
   * A started client with {@code access}, and {@code clientConfig} for the connection itself (TLS:
   * see {@link ZkTls}).
   */
  public static CuratorFramework start(
      String connectString, Duration sessionTimeout, ZkAccess access, ZKClientConfig clientConfig) {
    CuratorFrameworkFactory.Builder builder =
        CuratorFrameworkFactory.builder()
            .connectString(connectString)
            .sessionTimeoutMs((int) sessionTimeout.toMillis())
            .connectionTimeoutMs((int) Math.min(15_000, sessionTimeout.toMillis()))
            .retryPolicy(new ExponentialBackoffRetry(100, 5, 1000))
            .aclProvider(access.acls())
            .zkClientConfig(clientConfig);
    if (access.authenticated()) {
      builder.authorization("digest", access.credentials().authBytes());
    }
    CuratorFramework client = builder.build();
    client.start();
    return client;
  }

  /** Waits for the first connection; false when {@code timeout} passed. */
  public static boolean awaitConnected(CuratorFramework client, Duration timeout)
      throws InterruptedException {
    return client.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The session timeout the server granted (it clamps to [2, 20] x tickTime). */
  public static Duration negotiatedSessionTimeout(CuratorFramework client) throws Exception {
    return Duration.ofMillis(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
  }

  /** The connect string of a cluster (the embedded server's when {@code embedded}). */
  public static String connectString(ClusterSettings settings, String embeddedConnect) {
    return settings.embedded() ? embeddedConnect : settings.zookeeper();
  }
}
