package io.hactl.itests.scale;

import io.hactl.itests.cluster.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scale benchmark runs: how many agents and services, the session timeout, how long the
 * cluster is watched at rest, and the agents' JVM options.
 *
 * @param agents number of agents (nodes n01..nNN), each a plain process on loopback
 * @param services number of exec-only services, spread over the agents by ordered domains
 * @param domainWidth how many nodes each service's failover domain lists (its primary first)
 * @param session session timeout requested in the configuration
 * @param tickTime the ensemble's tick (the session must lie within 2..20 ticks)
 * @param rest how long the write rate at rest is measured
 * @param timeout deadline of each phase (agents joined, placement, failover)
 * @param agentJvmOptions JVM options of every agent
 * @param json where the figures go as JSON, besides the run directory
 */
public record ScaleOptions(
    int agents,
    int services,
    int domainWidth,
    Duration session,
    Duration tickTime,
    Duration rest,
    Duration timeout,
    List<String> agentJvmOptions,
    Path json) {

  static final String USAGE =
      "scale.sh [--agents 50] [--services 1000] [--domain-width N (default: all agents)]"
          + " [--session 6s] [--rest 60s] [--timeout 180s] [--json FILE]"
          + " [--agent-jvm \"-Xmx64m ...\"]";

  /** The agents' JVM options unless {@code --agent-jvm} says otherwise; see itests/README.md. */
  static final String DEFAULT_AGENT_JVM =
      "-Xms16m -Xmx64m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"
          + " -XX:ReservedCodeCacheSize=32m -XX:MetaspaceSize=64m -XX:MaxMetaspaceSize=64m";

  public ScaleOptions {
    agentJvmOptions = List.copyOf(agentJvmOptions);
    if (agents < 2 || services < 1 || domainWidth < 2 || domainWidth > agents) {
      throw new IllegalArgumentException(
          "need at least 2 agents, 1 service and a domain width in 2..agents; usage: " + USAGE);
    }
  }

  /** Parses {@code --name value} pairs. */
  public static ScaleOptions parse(String[] argv, Path runDir) {
    Map<String, String> v = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("usage: " + USAGE);
      }
      v.put(argv[i].substring(2), argv[++i]);
    }
    int agents = Integer.parseInt(v.getOrDefault("agents", "50"));
    return new ScaleOptions(
        agents,
        Integer.parseInt(v.getOrDefault("services", "1000")),
        Integer.parseInt(v.getOrDefault("domain-width", String.valueOf(agents))),
        Durations.parse(v.getOrDefault("session", "6s")),
        Durations.parse(v.getOrDefault("tick", "500ms")),
        Durations.parse(v.getOrDefault("rest", "60s")),
        Durations.parse(v.getOrDefault("timeout", "180s")),
        Arrays.asList(v.getOrDefault("agent-jvm", DEFAULT_AGENT_JVM).trim().split("\\s+")),
        Path.of(v.getOrDefault("json", runDir.resolve("scale.json").toString())));
  }

  /** The name of agent {@code i} (0-based): n01, n02, ... */
  String node(int i) {
    int digits = Math.max(2, String.valueOf(agents).length());
    return String.format("n%0" + digits + "d", i + 1);
  }

  /** The name of service {@code i} (0-based): s0001, ... */
  String service(int i) {
    int digits = Math.max(4, String.valueOf(services).length());
    return String.format("s%0" + digits + "d", i + 1);
  }
}
