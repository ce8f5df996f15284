package io.hactl.itests.scale;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the scale benchmark's cluster configuration: every agent with one fence device (the real
 * {@code fence_dummy} behind the timing wrapper), one ordered domain per agent that lists it first
 * and the next {@code domainWidth - 1} agents after it, and {@code services} exec-only services
 * spread round-robin over those domains, so each agent is the first choice of services/agents of
 * them. Every daemon is {@code sleep} {@link #DAEMON_SECONDS}; the benchmark tells them apart by
 * the {@code HACTL_SERVICE} hactl puts in their environment. It does not validate: hactl does.
 */
final class ScaleConfig {
  /** The daemons' argument, which the scan looks for. */
  static final String DAEMON_SECONDS = "987654321";

  private ScaleConfig() {}

  static String render(
      ScaleOptions o, String cluster, String zookeeper, String fenceAgent, boolean enabled) {
    StringBuilder y = new StringBuilder(64 * o.services() + 256 * o.agents());
    y.append("cluster:\n");
    y.append("  name: ").append(ClusterYaml.q(cluster)).append('\n');
    y.append("  zookeeper: ").append(ClusterYaml.q(zookeeper)).append('\n');
    y.append("  sessionTimeout: ").append(Durations.format(o.session())).append('\n');
    y.append("  selfFence: exit\n");
    y.append("nodes:\n");
    for (int i = 0; i < o.agents(); i++) {
      y.append("  ").append(o.node(i)).append(":\n");
      y.append("    address: \"127.0.0.1\"\n");
      y.append("    fence:\n");
      y.append("      - - agent: ").append(ClusterYaml.q(fenceAgent)).append('\n');
      y.append("          action: off\n");
      y.append("          timeout: 10s\n");
    }
    y.append("failoverDomains:\n");
    for (int d = 0; d < o.agents(); d++) {
      List<String> members = new ArrayList<>();
      for (int k = 0; k < o.domainWidth(); k++) {
        members.add(o.node((d + k) % o.agents()));
      }
      y.append("  d").append(o.node(d)).append(": {ordered: true, restricted: true, nodes: [");
      y.append(String.join(", ", members)).append("]}\n");
    }
    y.append("services:\n");
    for (int s = 0; s < o.services(); s++) {
      y.append("  ").append(o.service(s)).append(": {domain: d").append(o.node(s % o.agents()));
      y.append(", enabled: ").append(enabled);
      y.append(", resources: [{type: exec, name: daemon, command: [/bin/sleep, \"");
      y.append(DAEMON_SECONDS).append("\"], termGrace: 200ms}]}\n");
    }
    return y.toString();
  }
}
