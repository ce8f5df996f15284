package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code --fence NODE:AGENT:key=value,...,secret.KEY=/path} of {@code cluster-create}: a fence
 * device of a node, its options, and the files on each node that hold its secrets. It checks the
 * shape only; whether the agent exists and takes these options is the configuration check's job.
 *
 * @param options the agent's options, in the order given
 * @param secrets option name to the absolute path of the file that holds its value
 */
record FenceSpec(
    String node, String agent, Map<String, String> options, Map<String, String> secrets) {
  static final String EXAMPLE =
      "NODE:fence_ipmilan:ip=10.0.1.11,username=hactl,lanplus=1,cipher=3,"
          + "secret.password=/etc/hactl/secrets/NODE-bmc";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern AGENT = Pattern.compile("fence_[A-Za-z0-9_]{1,60}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

  /** Parses one {@code --fence} value; a malformed one is a usage error naming the part. */
  static FenceSpec parse(String value) throws CliException {
    String[] parts = value.split(":", 3);
    if (parts.length < 2) {
      throw bad(value, "give NODE:AGENT[:OPTIONS]");
    }
    if (!NAME.matcher(parts[0]).matches()) {
      throw bad(value, "'" + parts[0] + "' is not a node name");
    }
    if (!AGENT.matcher(parts[1]).matches()) {
      throw bad(value, "'" + parts[1] + "' is not a fence agent name (fence_...)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    if (parts.length == 3 && !parts[2].isEmpty()) {
      for (String kv : parts[2].split(",")) {
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String v = eq < 0 ? "" : kv.substring(eq + 1);
        boolean secret = key.startsWith("secret.");
        String name = secret ? key.substring("secret.".length()) : key;
        if (eq < 0 || !KEY.matcher(name).matches()) {
          throw bad(value, "'" + kv + "' is not key=value");
        }
        if (secret) {
          if (!v.startsWith("/")) {
            throw bad(value, key + " must be the absolute path of a file holding the secret");
          }
          secrets.put(name, v);
        } else {
          options.put(name, v);
        }
      }
    }
    return new FenceSpec(parts[0], parts[1], Map.copyOf(options), Map.copyOf(secrets));
  }

  private static CliException bad(String value, String why) {
    return new CliException(
        ExitCode.USAGE, "--fence " + value + ": " + why + "; for example --fence " + EXAMPLE);
  }

  /** The device as one YAML flow mapping, for a fence level of its own. */
  String yaml() {
    StringBuilder b = new StringBuilder("{agent: ").append(ClusterCreateCommand.q(agent));
    if (!options.isEmpty()) {
      b.append(", options: ").append(flow(options));
    }
    if (!secrets.isEmpty()) {
      b.append(", secrets: ").append(flow(secrets));
    }
    return b.append('}').toString();
  }

  private static String flow(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    m.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                b.append(b.length() > 1 ? ", " : "")
                    .append(ClusterCreateCommand.q(e.getKey()))
                    .append(": ")
                    .append(ClusterCreateCommand.q(e.getValue())));
    return b.append('}').toString();
  }
}
