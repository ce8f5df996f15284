package io.hactl.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the demo cluster's configuration: three nodes fenced by the demo's fence agent, an ordered
 * domain without failback (so a returning node does not pull the service back by itself: the
 * operator's relocation does), and one service, the Quartz demo scheduler, under an {@code fs}
 * resource for its spool (mount namespaces only). It holds no state.
 */
final class DemoConfig {
  static final String CLUSTER = "demo";
  static final String SERVICE = "quartz";
  static final List<String> NODES = List.of("n1", "n2", "n3");

  /**
   * Requested session timeout. The embedded server's tick of {@link #TICK} allows 1 s to 10 s, so
   * it is granted as asked. A crash failover costs about this much plus fencing, mount and start.
   */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);

  static final Duration TICK = Duration.ofMillis(500);

  /** Environment variable the demo sets on each agent (daemons inherit it): DEMO_ID:NODE. */
  static final String NODE_TAG = "HACTL_DEMO_NODE";

  private DemoConfig() {}

  /**
   * The YAML text. Emergency stop budget: scheduler 0.3 s + 0.2 s kill wait, spool 0.2 s + 0.2 s
   * kill wait + 0.5 s unmount = 1.4 s, within a third of the 5 s session timeout.
   */
  static String yaml(
      DemoWorkspace ws, Isolation isolation, String connect, JavaLauncher java, String demoId) {
    StringBuilder y = new StringBuilder();
    y.append("# Written by `hactl demo`: three nodes on one machine, one Quartz scheduler.\n");
    y.append("cluster:\n");
    y.append("  name: ").append(CLUSTER).append('\n');
    y.append("  zookeeper: ").append(quote(connect)).append('\n');
    y.append("  sessionTimeout: ").append(SESSION_TIMEOUT.toSeconds()).append("s\n");
    y.append("  selfFence: exit\n");
    nodes(y, ws, isolation, demoId);
    y.append("failoverDomains:\n");
    y.append("  demo-nodes:\n");
    y.append("    ordered: true\n");
    y.append("    restricted: true\n");
    y.append("    nofailback: true\n");
    y.append("    nodes: [").append(String.join(", ", NODES)).append("]\n");
    service(y, ws, isolation, java);
    return y.toString();
  }

  /** Every node is fenced by the demo's fence agent: its tagged processes (of its namespace). */
  private static void nodes(StringBuilder y, DemoWorkspace ws, Isolation isolation, String id) {
    y.append("nodes:\n");
    for (String n : NODES) {
      y.append("  ").append(n).append(":\n");
      y.append("    address: 127.0.0.1\n");
      y.append("    fence:\n");
      y.append("      - - agent: ").append(quote(ws.fenceAgent().toString())).append('\n');
      y.append("          action: off\n");
      y.append("          timeout: 10s\n");
      y.append("          options: {tag: ").append(quote(id + ":" + n));
      if (isolation == Isolation.MOUNT_NAMESPACES) {
        y.append(", nsfile: ").append(quote(ws.nsFile(n).toString()));
      }
      y.append(", log: ").append(quote(ws.fenceLog().toString())).append("}\n");
    }
  }

  /** The scheduler, under a bind mount of the storage when nodes have mount namespaces. */
  private static void service(
      StringBuilder y, DemoWorkspace ws, Isolation isolation, JavaLauncher java) {
    y.append("services:\n");
    y.append("  ").append(SERVICE).append(":\n");
    y.append("    domain: demo-nodes\n");
    y.append("    resources:\n");
    String scheduler = scheduler(java, ws.spool(isolation));
    if (isolation != Isolation.MOUNT_NAMESPACES) {
      y.append(indent(scheduler, "      "));
      return;
    }
    y.append("      - type: fs\n");
    y.append("        name: spool\n");
    y.append("        device: ").append(quote(ws.storage().toString())).append('\n');
    y.append("        mountpoint: ").append(quote(ws.mountpoint().toString())).append('\n');
    y.append("        fstype: none\n");
    y.append("        options: bind\n");
    y.append("        termGrace: 200ms\n");
    y.append("        unmountTimeout: 500ms\n");
    y.append("        startTimeout: 10s\n");
    y.append("        stopTimeout: 10s\n");
    y.append("        children:\n");
    y.append(indent(scheduler, "          "));
  }

  private static String scheduler(JavaLauncher launcher, Path spool) {
    String command =
        launcher.scheduler(spool).stream().map(DemoConfig::quote).collect(Collectors.joining(", "));
    return "- type: exec\n"
        + "  name: scheduler\n"
        + "  command: ["
        + command
        + "]\n"
        + "  startTimeout: 30s\n"
        + "  stopTimeout: 15s\n"
        + "  termGrace: 300ms\n";
  }

  private static String indent(String block, String prefix) {
    return block.lines().map(l -> prefix + l + "\n").collect(Collectors.joining());
  }

  /** A YAML double-quoted scalar. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
