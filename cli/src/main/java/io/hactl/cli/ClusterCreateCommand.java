package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClearTextSecrets;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
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

/**
 * Writes a cluster configuration from the historical one-line form, with the daemon, the fencing
 * and the ZooKeeper ensemble it needs. It refuses (and writes nothing) when the result would start
 * no daemon, leave a node without fencing, or stand a single embedded ZooKeeper in for production
 * without being told: each refusal says what to add.
 */
@Command(
    name = "cluster-create",
    header = "Write a configuration from the one-line form.",
    mixinStandardHelpOptions = true,
    description = {
      "Write a cluster configuration for one service from the historical one-line form:",
      "",
      "  hactl cluster-create name=schedd1 spool=/var/lib/condor/spool server=nfs1 \\",
      "      export=/exports/schedd1 node1 node2 node3 \\",
      "      --scheduler condor --zookeeper zk1:2181,zk2:2181,zk3:2181 \\",
      "      --fence node1:fence_ipmilan:ip=10.0.1.1,username=hactl,lanplus=1,cipher=3,\\",
      "secret.password=/etc/hactl/secrets/node1-bmc \\",
      "      --fence node2:... --fence node3:... -o /etc/hactl/cluster.yaml",
      "",
      "defines the nodes, an ordered restricted failover domain (priority = order given), and",
      "the service: the NFS export mounted on the spool, then the scheduler daemon started on",
      "top of it (--scheduler, with the commands and timeouts of config-samples/, or --daemon).",
      "",
      "It refuses, writes nothing and exits 3 when the service would start no daemon (no",
      "--scheduler or --daemon), when a node has no --fence (a crashed owner could then not be",
      "fenced and its service would stay down), or when no --zookeeper is given: a production",
      "cluster needs an ensemble of three or five servers; `--zookeeper embedded` runs one",
      "server inside a single machine, for trials only, and the file says so.",
      "",
      "A fence secret (password, community...) is never written in clear: give",
      "secret.KEY=/path, a file on each node holding the value (--allow-clear-text-secrets",
      "accepts key=value anyway, readable by every reader of the cluster).",
      "Exit 0 written, 2 usage, 3 refused (nothing written), 6 the output file exists."
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
      paramLabel = "HOST:PORT,...|embedded",
      description =
          "The ZooKeeper ensemble (required): three or five servers, e.g. "
              + "zk1:2181,zk2:2181,zk3:2181; `embedded` for a one-machine trial only.")
  String zookeeper;

  @Option(
      names = "--scheduler",
      paramLabel = "KIND",
      description =
          "The daemon on the spool: condor (condor_schedd), slurm (slurmctld), quartz-demo "
              + "(the demo scheduler), or exec:COMMAND (any daemon run in the foreground).")
  String scheduler;

  @Option(
      names = "--daemon",
      paramLabel = "COMMAND",
      description = "Same as --scheduler exec:COMMAND (e.g. \"/usr/sbin/condor_schedd -f\").")
  String daemon;

  @Option(
      names = "--fence",
      paramLabel = "NODE:AGENT:KEY=V,...",
      description =
          "A fence device of NODE (repeatable; each is a fence level of its own, tried in "
              + "the order given). Options as key=value separated by commas; secret.KEY=/path "
              + "names the file on each node that holds a secret option's value.")
  List<String> fence = new ArrayList<>();

  @Option(
      names = "--allow-clear-text-secrets",
      description = "Accept fence secrets written as key=value (stored readable in ZooKeeper).")
  boolean allowClearTextSecrets;

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
    if (output != null && Files.exists(output)) {
      throw new CliException(
          ExitCode.REFUSED, output + " exists; not replacing it (remove it or choose -o)");
    }
    if (daemon != null && scheduler != null) {
      throw new CliException(ExitCode.USAGE, "give --scheduler or --daemon, not both");
    }
    Map<String, List<FenceSpec>> fences = fences(nodes);
    List<String> refusals = refusals(kv.get("name"), nodes, fences);
    if (!refusals.isEmpty()) {
      throw new CliException(
          ExitCode.CONFIG_INVALID,
          "refused, nothing was written: "
              + refusals.size()
              + " problem(s) to fix:\n  - "
              + String.join("\n  - ", refusals));
    }
    SchedulerTemplate daemonPart =
        daemon != null
            ? SchedulerTemplate.exec(daemon)
            : SchedulerTemplate.of(scheduler, kv.get("spool"));
    String yaml = render(kv, nodes, fences, daemonPart);
    String where = output == null ? "cluster-create" : output.toString();
    ClusterConfig parsed;
    try {
      parsed = new ConfigParser().parse(yaml, where);
    } catch (ConfigException e) {
      throw new CliException(
          ExitCode.CONFIG_INVALID,
          "refused, nothing was written: these values do not make a valid configuration:\n"
              + e.getMessage());
    }
    List<ConfigError> clear = ClearTextSecrets.find(parsed, where);
    if (!clear.isEmpty() && !allowClearTextSecrets) {
      throw new CliException(
          ExitCode.CONFIG_INVALID,
          "refused, nothing was written: fence secrets in clear text; give each as"
              + " secret.KEY=/path (a file on each node), or --allow-clear-text-secrets:\n"
              + new ConfigException(clear).getMessage());
    }
    if (output == null) {
      System.out.print(yaml);
      return ExitCode.OK.code();
    }
    Files.writeString(output, yaml);
    System.err.printf(
        "wrote %s: service %s (spool, then %s), fencing for %d node(s), ZooKeeper %s. Next:"
            + " `hactl config validate %s` on a node (it checks the fence agents there), then"
            + " start `hactl agent --config %s --node NODE` on each node.%n",
        output, kv.get("name"), daemonPart.kind(), fences.size(), zookeeper, output, output);
    return ExitCode.OK.code();
  }

  /** The --fence devices by node, in the order given; one naming an unknown node is refused. */
  private Map<String, List<FenceSpec>> fences(List<String> nodes) throws CliException {
    Map<String, List<FenceSpec>> out = new LinkedHashMap<>();
    for (String f : fence) {
      FenceSpec spec = FenceSpec.parse(f);
      if (!nodes.contains(spec.node())) {
        throw new CliException(
            ExitCode.USAGE, "--fence " + f + ": " + spec.node() + " is not one of " + nodes);
      }
      out.computeIfAbsent(spec.node(), n -> new ArrayList<>()).add(spec);
    }
    return out;
  }

  /** What keeps this command line from making a configuration fit to run, with the fix. */
  private List<String> refusals(
      String service, List<String> nodes, Map<String, List<FenceSpec>> fences) {
    List<String> out = new ArrayList<>();
    if (daemon == null && scheduler == null) {
      out.add(
          "no daemon: service "
              + service
              + " would only mount its spool and start nothing. Add the scheduler, e.g."
              + " --scheduler condor (or slurm, quartz-demo, exec:COMMAND), or --daemon"
              + " \"/usr/sbin/condor_schedd -f\"");
    }
    List<String> unfenced = nodes.stream().filter(n -> !fences.containsKey(n)).toList();
    if (!unfenced.isEmpty()) {
      out.add(
          "no fencing for "
              + String.join(", ", unfenced)
              + ": a crashed owner could not be fenced, so its service would stay down. Add one"
              + " --fence per node, e.g. --fence "
              + FenceSpec.EXAMPLE.replace("NODE", unfenced.get(0)));
    }
    if (zookeeper == null) {
      out.add(
          "no ZooKeeper ensemble: give the production servers, e.g. --zookeeper"
              + " zk1:2181,zk2:2181,zk3:2181 (three or five, off the cluster nodes), or"
              + " --zookeeper embedded for a one-machine trial (one server, a single point of"
              + " failure)");
    }
    return out;
  }

  private String render(
      Map<String, String> kv,
      List<String> nodes,
      Map<String, List<FenceSpec>> fences,
      SchedulerTemplate daemonPart) {
    String svc = kv.get("name");
    StringBuilder y = new StringBuilder();
    y.append("# Written by hactl cluster-create.\n");
    y.append("cluster:\n  name: ").append(q(cluster)).append('\n');
    if ("embedded".equals(zookeeper)) {
      y.append("  # A single embedded ZooKeeper server: a one-machine trial, never production.\n");
    }
    y.append("  zookeeper: ").append(q(zookeeper)).append('\n');
    y.append("  # The emergency stop below needs 4.4 s at most, within a third of this.\n");
    y.append("  sessionTimeout: 15s\n");
    y.append("nodes:\n");
    for (String n : nodes) {
      y.append("  ").append(q(n)).append(":\n    address: ").append(q(n)).append('\n');
      y.append("    fence:\n");
      for (FenceSpec f : fences.get(n)) {
        y.append("      - [").append(f.yaml()).append("]\n");
      }
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
    y.append("        fstype: nfs\n        options: \"rw,hard\"\n        epochFile: true\n");
    y.append("        termGrace: 500ms\n        unmountTimeout: 2s\n");
    y.append("        children:\n").append(daemonPart.yaml());
    return y.toString();
  }

  /** A YAML double-quoted scalar. */
  static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
