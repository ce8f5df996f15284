package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.ownership.Breadcrumb;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** One read of everything a command needs to know about the cluster, straight from ZooKeeper. */
record ClusterSnapshot(
    ClusterConfig config, Map<String, Boolean> nodesUp, Map<String, ServiceView> services) {

  /** What the cluster says of one service. */
  record ServiceView(
      String name,
      Optional<String> owner,
      long ownerEpoch,
      Optional<ServiceStatus> status,
      AdminState admin,
      boolean enabled,
      Optional<Breadcrumb> breadcrumb,
      Map<String, Ban> bans) {}

  static ClusterSnapshot read(CuratorFramework client, ZkLayout layout) throws Exception {
    byte[] stored;
    try {
      stored = client.getData().forPath(layout.config());
    } catch (KeeperException.NoNodeException e) {
      throw new CliException(
          ExitCode.REFUSED,
          "no configuration stored at "
              + layout.config()
              + ": no agent has joined this cluster yet");
    }
    ClusterConfig config;
    try {
      config =
          new ConfigParser()
              .parse(new String(stored, StandardCharsets.UTF_8), "zookeeper:" + layout.config());
    } catch (ConfigException e) {
      throw new CliException(
          ExitCode.CONFIG_INVALID, "stored configuration is invalid:\n" + e.getMessage());
    }
    Map<String, Boolean> up = new LinkedHashMap<>();
    List<String> live = children(client, layout.nodes());
    for (String n : config.nodes().keySet()) {
      up.put(n, live.contains(n));
    }
    Map<String, ServiceView> services = new LinkedHashMap<>();
    for (var s : config.services().values()) {
      services.put(s.name(), readService(client, layout, s.name(), s.enabled()));
    }
    return new ClusterSnapshot(config, up, services);
  }

  /** One service's view, read straight from ZooKeeper (no configuration parse). */
  static ServiceView readService(
      CuratorFramework client, ZkLayout layout, String name, boolean configEnabled)
      throws Exception {
    Stat ownerStat = new Stat();
    Optional<String> owner =
        data(client, layout.owner(name), ownerStat).map(b -> new String(b, StandardCharsets.UTF_8));
    Optional<ServiceStatus> status =
        data(client, layout.state(name), null).map(b -> Json.read(b, ServiceStatus.class));
    AdminState admin =
        data(client, layout.admin(name), null)
            .map(b -> Json.read(b, AdminState.class))
            .orElse(AdminState.NONE);
    Optional<Breadcrumb> crumb =
        data(client, layout.breadcrumb(name), null).map(b -> Json.read(b, Breadcrumb.class));
    Map<String, Ban> bans = new LinkedHashMap<>();
    for (String n : children(client, layout.bans(name))) {
      data(client, layout.ban(name, n), null).ifPresent(b -> bans.put(n, Json.read(b, Ban.class)));
    }
    boolean enabled = admin.enabled() != null ? admin.enabled() : configEnabled;
    return new ServiceView(
        name,
        owner,
        owner.isPresent() ? ownerStat.getCzxid() : 0,
        status,
        admin,
        enabled,
        crumb,
        bans);
  }

  static Optional<byte[]> data(CuratorFramework client, String path, Stat stat) throws Exception {
    try {
      return Optional.of(
          stat == null
              ? client.getData().forPath(path)
              : client.getData().storingStatIn(stat).forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  static List<String> children(CuratorFramework client, String path) throws Exception {
    try {
      return client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  ServiceView service(String name) throws CliException {
    ServiceView v = services.get(name);
    if (v == null) {
      throw new CliException(
          ExitCode.REFUSED,
          "no service " + name + " in the cluster (services: " + services.keySet() + ")");
    }
    return v;
  }

  /** Slack for a late check and clock skew before a RUNNING owner counts as unchecked. */
  static final long CHECK_SLACK_MILLIS = 5_000;

  /** The state word status shows for a service, now. */
  static String stateOf(ServiceView v) {
    return stateOf(v, System.currentTimeMillis());
  }

  /**
   * The state word status shows for a service at {@code nowMillis}: RUNNING only when the owner saw
   * it healthy recently; {@code RUNNING?} when the owner's checks stopped happening.
   */
  static String stateOf(ServiceView v, long nowMillis) {
    if (v.owner().isEmpty()) {
      return v.enabled() ? "STOPPED" : "DISABLED";
    }
    return ownerStatus(v)
        .map(
            s ->
                s.state() == ServiceState.RUNNING
                        && !s.checkedRecently(nowMillis, CHECK_SLACK_MILLIS)
                    ? "RUNNING?"
                    : s.state().name())
        .orElse("OWNED");
  }

  /** The status the current owner published, if any. */
  static Optional<ServiceStatus> ownerStatus(ServiceView v) {
    return v.status().filter(s -> v.owner().isPresent() && s.node().equals(v.owner().get()));
  }
}
