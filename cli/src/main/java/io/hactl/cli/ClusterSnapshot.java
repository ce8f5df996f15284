package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.config.ClusterConfig;
import io.hactl.ownership.Breadcrumb;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.Requests;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * One read of everything a command needs to know about the cluster, straight from ZooKeeper. The
 * data is hostile: a corrupt znode does not stop the read, it is listed in {@link #corrupt} (or its
 * service's) with its path and what is wrong. A corrupt stored configuration falls back to the
 * operator's configuration file when there is one.
 *
 * @param corrupt cluster-wide problems ({@code corrupt: PATH: ...}), with the repair
 * @param standby nodes an operator put in standby
 * @param members what each running agent published in its membership node, by node name
 */
record ClusterSnapshot(
    ClusterConfig config,
    Map<String, Boolean> nodesUp,
    Map<String, ServiceView> services,
    List<String> corrupt,
    Set<String> standby,
    Map<String, Member> members) {

  /**
   * A running agent's membership: the ZooKeeper session that holds its ephemeral node and the
   * session timeout it was granted (0: unknown, an older agent).
   */
  record Member(long sessionId, long sessionTimeoutMs) {}

  /**
   * What the cluster says of one service.
   *
   * @param corrupt the service's corrupt znodes ({@code corrupt: PATH: ...})
   * @param requests the operator requests stored for it, oldest first
   */
  record ServiceView(
      String name,
      Optional<String> owner,
      long ownerEpoch,
      Optional<ServiceStatus> status,
      AdminState admin,
      boolean enabled,
      Optional<Breadcrumb> breadcrumb,
      Map<String, Ban> bans,
      List<String> corrupt,
      List<Requests.Pending> requests) {

    /** Whether an operator froze the service. */
    boolean frozen() {
      return admin.frozenNow();
    }
  }

  /** A snapshot with no fallback for a corrupt stored configuration. */
  static ClusterSnapshot read(CuratorFramework client, ZkLayout layout) throws Exception {
    return read(client, layout, Optional::empty);
  }

  /** Where a command finds a configuration when the stored one is corrupt. */
  interface Fallback {
    Optional<ClusterConfig> config();
  }

  static ClusterSnapshot read(CuratorFramework client, ZkLayout layout, Fallback fallback)
      throws Exception {
    Checked<ClusterConfig> stored =
        new ConfigStore(client, layout)
            .readChecked()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCode.REFUSED,
                        "no configuration stored at "
                            + layout.config()
                            + ": no agent has joined this cluster yet"));
    List<String> corrupt = new ArrayList<>();
    ClusterConfig config;
    if (stored instanceof Checked.Corrupt<ClusterConfig> bad) {
      Optional<ClusterConfig> local = fallback.config();
      if (local.isEmpty()) {
        throw new CliException(ExitCode.CONFIG_INVALID, bad.toString());
      }
      config = local.get();
      corrupt.add(bad + "; showing the services of the configuration file");
    } else {
      config = stored.value().orElseThrow();
    }
    Map<String, Boolean> up = new LinkedHashMap<>();
    Map<String, Member> members = new LinkedHashMap<>();
    List<String> live = children(client, layout.nodes());
    for (String n : config.nodes().keySet()) {
      up.put(n, live.contains(n));
      if (live.contains(n)) {
        Stat stat = new Stat();
        data(client, layout.node(n), stat)
            .ifPresent(
                d ->
                    members.put(
                        n,
                        new Member(
                            stat.getEphemeralOwner(), MemberInfo.parse(d).sessionTimeoutMs())));
      }
    }
    Map<String, ServiceView> services = new LinkedHashMap<>();
    for (var s : config.services().values()) {
      services.put(
          s.name(), checkOwner(readService(client, layout, s.name(), s.enabled()), layout, config));
    }
    corrupt.addAll(NodeNamedZnodes.check(client, layout, config));
    Set<String> standby = new TreeSet<>(children(client, layout.standby()));
    return new ClusterSnapshot(config, up, services, List.copyOf(corrupt), standby, members);
  }

  /** {@code v}, with an owner that names no configured node shown as "?" and reported. */
  private static ServiceView checkOwner(ServiceView v, ZkLayout layout, ClusterConfig config) {
    List<String> bad =
        v.owner().map(o -> NodeNamedZnodes.owner(layout, v.name(), o, config)).orElse(List.of());
    if (bad.isEmpty()) {
      return v;
    }
    List<String> corrupt = new ArrayList<>(v.corrupt());
    corrupt.addAll(bad);
    return new ServiceView(
        v.name(),
        Optional.of("?"),
        v.ownerEpoch(),
        v.status(),
        v.admin(),
        v.enabled(),
        v.breadcrumb(),
        v.bans(),
        List.copyOf(corrupt),
        v.requests());
  }

  /** One service's view, read straight from ZooKeeper (no configuration parse). */
  static ServiceView readService(
      CuratorFramework client, ZkLayout layout, String name, boolean configEnabled)
      throws Exception {
    Stat ownerStat = new Stat();
    Optional<String> owner =
        data(client, layout.owner(name), ownerStat).map(b -> new String(b, StandardCharsets.UTF_8));
    List<String> corrupt = new ArrayList<>();
    Optional<ServiceStatus> status =
        checked(
            CheckedReader.read(
                client,
                layout.state(name),
                ServiceStatus.class,
                s -> s.node() == null || s.state() == null ? "no node or state" : null),
            corrupt);
    Optional<AdminState> adminRead =
        checked(CheckedReader.read(client, layout.admin(name), AdminState.class), corrupt);
    AdminState admin = adminRead.orElse(AdminState.NONE);
    Optional<Breadcrumb> crumb =
        checked(CheckedReader.read(client, layout.breadcrumb(name), Breadcrumb.class), corrupt);
    Map<String, Ban> bans = new LinkedHashMap<>();
    for (String n : children(client, layout.bans(name))) {
      checked(CheckedReader.read(client, layout.ban(name, n), Ban.class), corrupt)
          .ifPresent(b -> bans.put(n, b));
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
        bans,
        List.copyOf(corrupt),
        Requests.list(client, layout, name));
  }

  /** The value of a checked read; a corrupt node is added to {@code corrupt} instead. */
  private static <T> Optional<T> checked(Optional<Checked<T>> read, List<String> corrupt) {
    if (read.isPresent() && read.get() instanceof Checked.Corrupt<T> c) {
      corrupt.add(c.toString());
    }
    return read.flatMap(Checked::value);
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

  /**
   * The service, refused when its admin node is corrupt: a command must not build a request on top
   * of junk. The message names the znode and the repair.
   */
  ServiceView serviceForRequest(String name) throws CliException {
    ServiceView v = service(name);
    for (String c : v.corrupt()) {
      if (c.contains("/services/" + name + "/admin:")) {
        throw new CliException(
            ExitCode.REFUSED, c + "; clear it with `hactl clear-request " + name + "`, then retry");
      }
    }
    return v;
  }

  /**
   * The nodes that could take {@code service} now, most preferred first, as the agents' placement
   * sees them: up, not banned, not in standby, in the failover domain (or the cluster when it is
   * not restricted).
   */
  List<String> eligible(String service, long nowMillis) throws CliException {
    ServiceView v = service(service);
    Map<String, Long> live = new LinkedHashMap<>();
    nodesUp.forEach(
        (n, up) -> {
          if (up) {
            live.put(n, 0L);
          }
        });
    Set<String> banned = new TreeSet<>();
    v.bans()
        .forEach(
            (n, b) -> {
              if (b.untilMillis() > nowMillis) {
                banned.add(n);
              }
            });
    var view =
        new io.hactl.placement.ClusterView(
            live,
            Optional.empty(),
            true,
            Optional.empty(),
            banned,
            false,
            standby,
            Optional.empty());
    var svc = config.services().get(service);
    return new io.hactl.placement.Placement(
            config.domainOf(svc), List.copyOf(config.nodes().keySet()))
        .eligible(view);
  }

  /** Why each configured node other than {@code except} cannot take the service, for messages. */
  String whyNotEligible(String service, String except, long nowMillis) throws CliException {
    List<String> why = new ArrayList<>();
    for (String n : nodesUp.keySet()) {
      if (!n.equals(except)) {
        whyNot(service, n, nowMillis).ifPresent(w -> why.add(n + " " + w));
      }
    }
    return why.isEmpty()
        ? "every other node is outside the failover domain"
        : String.join(", ", why);
  }

  /** Why {@code node} cannot take {@code service} now, with the way out; empty if it can. */
  Optional<String> whyNot(String service, String node, long nowMillis) throws CliException {
    ServiceView v = service(service);
    var domain = config.domainOf(config.services().get(service));
    Ban b = v.bans().get(node);
    if (domain.restricted() && domain.member(node).isEmpty()) {
      return Optional.of("is outside the restricted failover domain " + domain.name());
    } else if (!nodesUp.getOrDefault(node, false)) {
      return Optional.of("is down");
    } else if (standby.contains(node)) {
      return Optional.of("is in standby (`hactl node online " + node + "`)");
    } else if (b != null && b.untilMillis() > nowMillis) {
      return Optional.of(
          "is banned until its failures expire (run `hactl clear "
              + service
              + " --node "
              + node
              + "`)");
    }
    return Optional.empty();
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
