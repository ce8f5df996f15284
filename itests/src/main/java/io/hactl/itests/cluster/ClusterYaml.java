package io.hactl.itests.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the cluster configuration of a test cluster in hactl's YAML schema: one service whose fs
 * resource bind-mounts the shared spool and whose exec child is the heartbeat daemon, every node
 * with one fence level of one device. Emergency-stop budgets are small so that they fit in a third
 * of a short session timeout. It does not validate: hactl does.
 */
public final class ClusterYaml {
  /** The service every test cluster runs. */
  public static final String SERVICE = "s1";

  /** Restarts in place the service's recovery policy allows inside {@link #RESTART_WINDOW}. */
  public static final int MAX_RESTARTS = 3;

  /**
   * The recovery policy's sliding window: 60s, or {@code -Dhx.restartWindow} (the benchmark of
   * restarts in place shortens it to take 50 samples in minutes).
   */
  public static final Duration RESTART_WINDOW =
      Durations.parse(System.getProperty("hx.restartWindow", "60s"));

  /**
   * With {@code -Dhx.productDefaults=true} the configuration sets no timing of the emergency stop
   * and no session timeout: the cluster runs with hactl's defaults, as the benchmarks of its
   * defaults and the soak need ({@link ClusterOptions#sessionTimeout()} is then the default too).
   */
  public static boolean productDefaults() {
    return Boolean.getBoolean("hx.productDefaults");
  }

  private ClusterYaml() {}

  /** One node and its fence device. */
  public record NodeEntry(
      String name,
      String address,
      String fenceAgent,
      Map<String, String> fenceOptions,
      Duration fenceTimeout) {}

  /** The service's spool and daemon. */
  public record ServiceEntry(String device, String mountpoint, List<String> daemon) {}

  public static String render(
      String cluster,
      String zookeeper,
      Duration sessionTimeout,
      List<NodeEntry> nodes,
      boolean nofailback,
      ServiceEntry service) {
    return render(
        cluster,
        zookeeper,
        sessionTimeout,
        nodes,
        nofailback,
        "",
        spoolService(service.device(), service.mountpoint(), heartbeatChild(service.daemon())));
  }

  /**
   * A configuration whose {@code services:} section (naming {@link #SERVICE} in domain {@code all})
   * and extra {@code cluster:} lines (indented by two) the caller writes.
   */
  public static String render(
      String cluster,
      String zookeeper,
      Duration sessionTimeout,
      List<NodeEntry> nodes,
      boolean nofailback,
      String clusterLines,
      String servicesSection) {
    StringBuilder y = new StringBuilder();
    y.append("cluster:\n");
    y.append("  name: ").append(q(cluster)).append('\n');
    y.append("  zookeeper: ").append(q(zookeeper)).append('\n');
    if (!productDefaults()) {
      y.append("  sessionTimeout: ").append(Durations.format(sessionTimeout)).append('\n');
    }
    y.append("  selfFence: exit\n");
    y.append(clusterLines);
    y.append("nodes:\n");
    for (NodeEntry n : nodes) {
      node(y, n);
    }
    y.append("failoverDomains:\n");
    y.append("  all:\n    ordered: true\n    restricted: true\n");
    y.append("    nofailback: ").append(nofailback).append('\n');
    y.append("    nodes: [")
        .append(nodes.stream().map(NodeEntry::name).collect(Collectors.joining(", ")))
        .append("]\n");
    y.append(servicesSection);
    return y.toString();
  }

  private static void node(StringBuilder y, NodeEntry n) {
    y.append("  ").append(n.name()).append(":\n");
    y.append("    address: ").append(q(n.address())).append('\n');
    y.append("    fence:\n");
    y.append("      - - agent: ").append(q(n.fenceAgent())).append('\n');
    // -Dhx.fenceAction=reboot: the BMCs are asked to reboot the node (hactl runs it as a confirmed
    // off and powers the node on in the background).
    y.append("          action: ").append(System.getProperty("hx.fenceAction", "off")).append('\n');
    y.append("          timeout: ").append(Durations.format(n.fenceTimeout())).append('\n');
    y.append("          options: {")
        .append(
            n.fenceOptions().entrySet().stream()
                .map(e -> e.getKey() + ": " + q(e.getValue()))
                .collect(Collectors.joining(", ")))
        .append("}\n");
  }

  /**
   * The {@code services:} section of {@link #SERVICE}: the spool's fs resource (a bind mount of
   * {@code device} on {@code mountpoint}) with {@code children} under it (YAML list items, every
   * line indented by ten spaces and ending with a newline).
   */
  public static String spoolService(String device, String mountpoint, String children) {
    StringBuilder y = new StringBuilder();
    y.append("services:\n");
    y.append("  ").append(SERVICE).append(":\n");
    y.append("    domain: all\n");
    y.append("    recovery: {policy: restart, maxRestarts: ")
        .append(MAX_RESTARTS)
        .append(", window: ")
        .append(Durations.format(RESTART_WINDOW))
        .append("}\n");
    y.append("    resources:\n");
    y.append("      - type: fs\n");
    y.append("        name: spool\n");
    y.append("        device: ").append(q(device)).append('\n');
    y.append("        mountpoint: ").append(q(mountpoint)).append('\n');
    y.append("        fstype: none\n");
    y.append("        options: bind\n");
    y.append("        startTimeout: 10s\n        stopTimeout: 10s\n");
    y.append("        monitorInterval: 2s\n        monitorTimeout: 2s\n");
    if (!productDefaults()) {
      y.append("        termGrace: 100ms\n        unmountTimeout: 500ms\n");
    }
    y.append("        children:\n");
    y.append(children);
    return y.toString();
  }

  private static String heartbeatChild(List<String> daemon) {
    return "          - type: exec\n"
        + "            name: heartbeat\n"
        + "            command: ["
        + daemon.stream().map(ClusterYaml::q).collect(Collectors.joining(", "))
        + "]\n"
        + "            startTimeout: 10s\n            stopTimeout: 5s\n"
        + (productDefaults() ? "" : "            termGrace: 100ms\n");
  }

  /** A double-quoted YAML scalar. */
  public static String q(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
