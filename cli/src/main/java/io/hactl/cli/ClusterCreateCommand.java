package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a cluster configuration from the historical one-line form. */
@Command(
    name = "cluster-create",
    header = "Write a configuration from the one-line form.",
    mixinStandardHelpOptions = true,
    description = {
      "Write a cluster configuration for one service from the historical one-line form:",
      "",
      "  hactl cluster-create name=schedd1 spool=/var/spool/condor server=nfs1 \\",
      "      export=/export/condor node1 node2 node3",
      "",
      "defines the nodes, an ordered restricted failover domain (priority = order given), and",
      "the service: the NFS export mounted on the spool, then --daemon started on top of it.",
      "The file is validated before it is written. Fencing is not guessed: add a fence device",
      "to every node (see config-samples/) before production, or a crashed owner blocks the",
      "service until `hactl fence ack`."
    })
final class ClusterCreateCommand implements Callable<Integer> {
  private static final List<String> KEYS = List.of("name", "spool", "server", "export");

  @Parameters(
      paramLabel = "KEY=VALUE|NODE",
      arity = "1..*",
      description = "name=SERVICE spool=DIR server=NFS_HOST export=PATH, then the nodes in order.")
  List<String> words;

  @Option(
      names = "--cluster",
      defaultValue = "hactl",
      description = "Cluster name (default: ${DEFAULT-VALUE}).")
  String cluster;

  @Option(
      names = "--zookeeper",
      defaultValue = "embedded",
      description = "ZooKeeper connect string (default: ${DEFAULT-VALUE}, one machine only).")
  String zookeeper;

  @Option(
      names = "--daemon",
      paramLabel = "COMMAND",
      description =
          "The scheduler daemon, run in the foreground (e.g. \"/usr/sbin/condor_schedd -f\").")
  String daemon;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write (default: standard output). An existing file is not replaced.")
  Path output;

  @Override
  public Integer call() throws Exception {
    Map<String, String> kv = new LinkedHashMap<>();
    List<String> nodes = new ArrayList<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        String key = w.substring(0, eq);
        if (!KEYS.contains(key)) {
          throw new CliException(ExitCode.USAGE, "unknown key '" + key + "' (keys: " + KEYS + ")");
        }
        kv.put(key, w.substring(eq + 1));
      } else {
        nodes.add(w);
      }
    }
    for (String k : KEYS) {
      if (!kv.containsKey(k)) {
        throw new CliException(
            ExitCode.USAGE, "missing " + k + "=... (give name=, spool=, server=, export=)");
      }
    }
    if (nodes.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "give at least one node after the key=value words");
    }
    String yaml = render(kv, nodes);
    String where = output == null ? "cluster-create" : output.toString();
    try {
      new ConfigParser().parse(yaml, where);
    } catch (ConfigException e) {
      throw new CliException(
          ExitCode.CONFIG_INVALID,
          "these values do not make a valid configuration:\n" + e.getMessage());
    }
    if (output == null) {
      System.out.print(yaml);
      return ExitCode.OK.code();
    }
    if (Files.exists(output)) {
      throw new CliException(
          ExitCode.REFUSED, output + " exists; not replacing it (remove it or choose -o)");
    }
    Files.writeString(output, yaml);
    System.err.printf(
        "wrote %s. Next: add fence devices to every node, `hactl config validate %s`, then start"
            + " `hactl agent --config %s --node NODE` on each node.%n",
        output, output, output);
    return ExitCode.OK.code();
  }

  private String render(Map<String, String> kv, List<String> nodes) {
    String svc = kv.get("name");
    StringBuilder y = new StringBuilder();
    y.append("# Written by hactl cluster-create. Add fence devices before production.\n");
    y.append("cluster:\n  name: ")
        .append(q(cluster))
        .append("\n  zookeeper: ")
        .append(q(zookeeper))
        .append('\n');
    y.append("nodes:\n");
    for (String n : nodes) {
      y.append("  ").append(q(n)).append(":\n    address: ").append(q(n)).append('\n');
      y.append(
          "    # fence: [[{agent: fence_ipmilan, options: {ip: ..., username: ..., password: ...}}]]\n");
    }
    y.append("failoverDomains:\n  ").append(q(svc + "-domain")).append(":\n");
    y.append("    ordered: true\n    restricted: true\n    nodes: [");
    y.append(String.join(", ", nodes.stream().map(ClusterCreateCommand::q).toList())).append("]\n");
    y.append("services:\n  ")
        .append(q(svc))
        .append(":\n    domain: ")
        .append(q(svc + "-domain"))
        .append('\n');
    y.append("    resources:\n      - type: fs\n        name: spool\n");
    y.append("        device: ").append(q(kv.get("server") + ":" + kv.get("export"))).append('\n');
    y.append("        mountpoint: ").append(q(kv.get("spool"))).append('\n');
    y.append("        fstype: nfs\n        options: \"rw,hard\"\n");
    if (daemon != null) {
      y.append(
          "        children:\n          - type: exec\n            name: daemon\n            command: [");
      y.append(
          String.join(
              ", ",
              List.of(daemon.trim().split("\\s+")).stream().map(ClusterCreateCommand::q).toList()));
      y.append("]\n");
    }
    return y.toString();
  }

  /** A YAML double-quoted scalar. */
  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
