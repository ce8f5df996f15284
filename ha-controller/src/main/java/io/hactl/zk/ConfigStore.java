package io.hactl.zk;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.ownership.OwnershipStore.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The cluster's configuration as stored in ZooKeeper. Only a {@link ClusterConfig} (which can only
 * come out of the validating parser) can be stored, so bad input never reaches a running node
 * (DESIGN rule 6).
 */
public final class ConfigStore {
  /**
   * The largest configuration stored: {@value} bytes. ZooKeeper refuses a request larger than its
   * {@code jute.maxbuffer} (1 MiB by default, the request's own overhead included) and reports it
   * only as a lost connection, so the size is checked here first.
   */
  public static final int MAX_BYTES = 1_000_000;

  private final CuratorFramework client;
  private final ZkLayout layout;

  public ConfigStore(CuratorFramework client, ZkLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /** The stored YAML and its version, if any. */
  public Optional<Versioned<String>> read() throws Exception {
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(layout.config());
      return Optional.of(
          new Versioned<>(
              new String(data, StandardCharsets.UTF_8), stat.getVersion(), stat.getMzxid()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  /**
   * The stored configuration, parsed and validated as hostile data: {@link Checked.Corrupt} naming
   * the znode when it is too large, not UTF-8 or not a valid configuration (the first errors are in
   * the problem); empty when none is stored. An agent keeps its last good configuration on a
   * corrupt one and says so; it never throws for the content.
   */
  public Optional<Checked<ClusterConfig>> readChecked() throws Exception {
    Stat stat = new Stat();
    byte[] data;
    try {
      data = client.getData().storingStatIn(stat).forPath(layout.config());
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    String path = layout.config();
    if (data.length > ConfigParser.MAX_FILE_BYTES) {
      return Optional.of(
          new Checked.Corrupt<>(path, stat.getMzxid(), data.length + " bytes, over 1 MiB"));
    }
    try {
      String text =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data)).toString();
      ClusterConfig config = new ConfigParser().parse(text, "zookeeper:" + path);
      return Optional.of(new Checked.Valid<>(path, stat.getMzxid(), config));
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.of(new Checked.Corrupt<>(path, stat.getMzxid(), "not UTF-8 text"));
    } catch (ConfigException e) {
      List<ConfigError> errors = e.errors();
      String first =
          errors.stream().limit(3).map(ConfigError::toString).reduce((a, b) -> a + "; " + b).get();
      return Optional.of(
          new Checked.Corrupt<>(
              path,
              stat.getMzxid(),
              "not a valid configuration ("
                  + errors.size()
                  + " error(s): "
                  + first
                  + "); repair with `hactl config apply FILE`"));
    }
  }

  /**
   * Stores a validated configuration. {@code expectedVersion} -1 creates it (fails if one exists);
   * otherwise the write only succeeds if nobody changed it since it was read.
   */
  public void apply(ClusterConfig config, int expectedVersion) throws Exception {
    checkSize(config, "the configuration");
    byte[] data = config.source().getBytes(StandardCharsets.UTF_8);
    if (expectedVersion < 0) {
      client.create().creatingParentsIfNeeded().forPath(layout.config(), data);
    } else {
      client.setData().withVersion(expectedVersion).forPath(layout.config(), data);
    }
  }

  /**
   * Refuses a configuration too large to store ({@link #MAX_BYTES}), naming {@code fileName}.
   *
   * @throws ConfigException when it is too large
   */
  public static void checkSize(ClusterConfig config, String fileName) throws ConfigException {
    int size = config.source().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      throw new ConfigException(
          List.of(
              new ConfigError(
                  fileName,
                  "",
                  "too large to store in ZooKeeper: "
                      + size
                      + " bytes; the limit is "
                      + MAX_BYTES
                      + " bytes (ZooKeeper's jute.maxbuffer, 1 MiB by default, includes the"
                      + " request's overhead); shorten the file (comments count too)")));
    }
  }
}
