package io.hactl.itests.cluster;

import io.hactl.itests.support.Environment;
import io.hactl.itests.support.RunContext;
import io.hactl.testkit.net.Isolation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to build a test cluster and what to expect of it. Every field has a default and a system
 * property ({@code -Dhx.sessionTimeout=4s}, ...), so scripts and CI can change them without code.
 *
 * @param nodes number of nodes (n1..nN)
 * @param isolation namespaces or plain processes; empty = namespaces when possible
 * @param sessionTimeout session timeout requested in the configuration
 * @param tickTime ZooKeeper tick; must allow the session timeout (2..20 ticks)
 * @param heartbeatInterval seconds between heartbeat lines, as the daemon's sleep argument
 * @param observerPeriod time between observer scans
 * @param maxBlind longest observer gap the checker accepts
 * @param fenceTimeout deadline of one fence_ipmilan call, written into the configuration
 * @param fenceRetry how soon a BLOCKED agent is expected to try fencing again
 * @param startBudget time allowed for mount, epoch write and daemon start on the new owner
 * @param margin slack added to every liveness deadline
 * @param agentWarmup time a freshly started agent gets after its ZooKeeper session appears
 * @param nofailback the failover domain's nofailback flag
 * @param storeConfigFirst store the configuration with {@code hactl config apply} before the agents
 *     start, rather than letting the first agent store it
 * @param fuseSpool each node reaches the spool through its own FUSE "NFS client" ({@link
 *     FuseSpool}), and the daemon keeps its heartbeat file open for writing; needs bindfs
 * @param hactlJar the hactl jar under test
 * @param agentJvmOptions JVM options of every agent
 * @param baseDir where run directories go
 */
public record ClusterOptions(
    int nodes,
    Optional<Isolation> isolation,
    Duration sessionTimeout,
    Duration tickTime,
    String heartbeatInterval,
    Duration observerPeriod,
    Duration maxBlind,
    Duration fenceTimeout,
    Duration fenceRetry,
    Duration startBudget,
    Duration margin,
    Duration agentWarmup,
    boolean nofailback,
    boolean storeConfigFirst,
    boolean fuseSpool,
    Path hactlJar,
    List<String> agentJvmOptions,
    Path baseDir) {

  /**
   * hactl's default {@code cluster.sessionTimeout}, which a cluster written with {@link
   * ClusterYaml#productDefaults()} gets (a test compares it with hactl's own constant).
   */
  public static final String PRODUCT_SESSION_TIMEOUT = "3s";

  public ClusterOptions {
    agentJvmOptions = List.copyOf(agentJvmOptions);
  }

  /** Defaults, overridden by {@code hx.*} system properties. */
  public static ClusterOptions fromSystemProperties() {
    String iso = System.getProperty("hx.isolation", "auto");
    return new ClusterOptions(
        Integer.getInteger("hx.nodes", 3),
        iso.equals("auto") ? Optional.empty() : Optional.of(Isolation.valueOf(iso.toUpperCase())),
        duration(
            "hx.sessionTimeout", ClusterYaml.productDefaults() ? PRODUCT_SESSION_TIMEOUT : "4s"),
        duration("hx.tickTime", "500ms"),
        System.getProperty("hx.heartbeatInterval", "0.2"),
        duration("hx.observerPeriod", "15ms"),
        duration("hx.maxBlind", "250ms"),
        duration("hx.fenceTimeout", "10s"),
        duration("hx.fenceRetry", "5s"),
        duration("hx.startBudget", "5s"),
        duration("hx.margin", "5s"),
        duration("hx.agentWarmup", "1s"),
        Boolean.parseBoolean(System.getProperty("hx.nofailback", "true")),
        Boolean.parseBoolean(System.getProperty("hx.storeConfigFirst", "true")),
        Boolean.parseBoolean(System.getProperty("hx.fuseSpool", "false")),
        Environment.hactlJar(),
        List.of(
            System.getProperty(
                    "hx.agentJvmOptions", "-Xmx128m -XX:+UseSerialGC -XX:MetaspaceSize=64m")
                .split("\\s+")),
        RunContext.defaultBaseDir());
  }

  /** A copy that insists on {@code mode}. */
  public ClusterOptions withIsolation(Isolation mode) {
    return copy(
        Optional.of(mode),
        sessionTimeout,
        startBudget,
        storeConfigFirst,
        fuseSpool,
        agentJvmOptions);
  }

  /** A copy whose agents run with {@code extra} JVM options added. */
  public ClusterOptions withAgentJvmOptions(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(agentJvmOptions);
    all.addAll(extra);
    return copy(isolation, sessionTimeout, startBudget, storeConfigFirst, fuseSpool, all);
  }

  /** A copy that lets the first agent store the configuration (or not). */
  public ClusterOptions withStoreConfigFirst(boolean store) {
    return copy(isolation, sessionTimeout, startBudget, store, fuseSpool, agentJvmOptions);
  }

  /** A copy whose nodes reach the spool through FUSE (or not); see {@link FuseSpool}. */
  public ClusterOptions withFuseSpool(boolean fuse) {
    return copy(isolation, sessionTimeout, startBudget, storeConfigFirst, fuse, agentJvmOptions);
  }

  /** A copy with another session timeout (a service whose emergency stop needs more). */
  public ClusterOptions withSessionTimeout(Duration session) {
    return copy(isolation, session, startBudget, storeConfigFirst, fuseSpool, agentJvmOptions);
  }

  /** A copy with another start budget (a daemon that takes longer to start). */
  public ClusterOptions withStartBudget(Duration budget) {
    return copy(isolation, sessionTimeout, budget, storeConfigFirst, fuseSpool, agentJvmOptions);
  }

  private ClusterOptions copy(
      Optional<Isolation> iso,
      Duration session,
      Duration start,
      boolean store,
      boolean fuse,
      List<String> jvmOptions) {
    return new ClusterOptions(
        nodes,
        iso,
        session,
        tickTime,
        heartbeatInterval,
        observerPeriod,
        maxBlind,
        fenceTimeout,
        fenceRetry,
        start,
        margin,
        agentWarmup,
        nofailback,
        store,
        fuse,
        hactlJar,
        jvmOptions,
        baseDir);
  }

  private static Duration duration(String property, String def) {
    return Durations.parse(System.getProperty(property, def));
  }
}
