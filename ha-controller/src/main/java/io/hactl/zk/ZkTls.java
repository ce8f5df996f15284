package io.hactl.zk;

import io.hactl.config.ClusterSettings;
import io.hactl.files.BoundedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;

/**
 * The ZooKeeper client configuration for TLS ({@code cluster.tls}): Netty client socket, secure
 * connection, the trust store and optional key store, their passwords read from owner-only files. A
 * client configured so never falls back to plain TCP. Hostname verification stays on: the servers'
 * certificates must name the addresses of the connect string.
 */
public final class ZkTls {
  private static final int MAX_PASSWORD_BYTES = 4096;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private ZkTls() {}

  /** The client configuration for {@code tls}; a plain-TCP one when {@code tls} is null. */
  public static ZKClientConfig clientConfig(ClusterSettings.Tls tls) throws IOException {
    ZKClientConfig c = new ZKClientConfig();
    if (tls == null) {
      return c;
    }
    c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    c.setProperty(
        ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
    c.setProperty("zookeeper.ssl.trustStore.location", tls.trustStore().toString());
    if (tls.trustStorePasswordFile() != null) {
      c.setProperty("zookeeper.ssl.trustStore.password", password(tls.trustStorePasswordFile()));
    }
    if (tls.keyStore() != null) {
      c.setProperty("zookeeper.ssl.keyStore.location", tls.keyStore().toString());
      if (tls.keyStorePasswordFile() != null) {
        c.setProperty("zookeeper.ssl.keyStore.password", password(tls.keyStorePasswordFile()));
      }
    }
    return c;
  }

  private static String password(Path file) throws IOException {
    return BoundedFile.readSecret(file, MAX_PASSWORD_BYTES, READ_TIMEOUT).strip();
  }

  /** Whether {@code c} asks for TLS. */
  public static boolean secure(ZKConfig c) {
    return Boolean.parseBoolean(c.getProperty(ZKClientConfig.SECURE_CLIENT));
  }
}
