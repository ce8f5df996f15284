package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.fencing.SecretOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code nodes:} section, fence levels and devices included. A node needs
 * fence levels, or the explicit marker {@code fence: manual} ({@link NodeConfig#MANUAL_MEANING}).
 * Each device's agent and options are checked against the agent's own metadata through a {@link
 * FenceAgentCatalog} (unknown options, missing required ones); with {@link
 * FenceAgentCatalog#UNCHECKED} only the file is checked.
 */
final class NodeReader {
  static final String PATH = "nodes";
  static final List<String> NODE_KEYS = List.of("address", "fence");
  static final List<String> DEVICE_KEYS =
      List.of("agent", "action", "timeout", "options", "secrets");
  private static final List<String> ACTIONS = List.of("off", "reboot");
  private static final Pattern AGENT = Pattern.compile("fence_[a-z0-9_]+");
  private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** The value of {@code fence:} that marks a node as fenced by hand only. */
  static final String MANUAL = "manual";

  private final Problems problems;
  private final FenceAgentCatalog agents;

  NodeReader(Problems problems, FenceAgentCatalog agents) {
    this.problems = problems;
    this.agents = agents;
  }

  /** The valid nodes among {@code entries} (the mapping under {@code nodes:}), in file order. */
  Map<String, NodeConfig> read(Map<String, JsonNode> entries) {
    Map<String, NodeConfig> out = new LinkedHashMap<>();
    if (entries.isEmpty()) {
      problems.add(PATH, "must define at least one node");
    }
    entries.forEach(
        (name, v) -> {
          NodeConfig node = node(name, v, Fields.key(PATH, name));
          if (node != null) {
            out.put(name, node);
          }
        });
    return out;
  }

  private NodeConfig node(String name, JsonNode v, String path) {
    int before = problems.count();
    Fields f = Fields.of(v, path, problems, NODE_KEYS);
    if (f == null) {
      return null;
    }
    String address = f.requiredString("address", "the node's host name or IP address");
    if (address != null && address.chars().anyMatch(Character::isWhitespace)) {
      problems.add(
          f.path("address"),
          "must be one host name or IP address, without spaces (got \"" + address + "\")");
    }
    JsonNode fence = f.get("fence");
    boolean manual = fence != null && fence.isTextual() && fence.asText().equals(MANUAL);
    List<FenceLevel> levels = manual ? List.of() : levels(f);
    return problems.count() == before ? new NodeConfig(name, address, levels, manual) : null;
  }

  private List<FenceLevel> levels(Fields f) {
    JsonNode v = f.get("fence");
    if (v == null || (v.isArray() && v.isEmpty())) {
      problems.add(
          f.path("fence"),
          "node has no fencing: give its fence levels (\"- - agent: fence_ipmilan ...\"), or"
              + " write \"fence: manual\" if it "
              + NodeConfig.MANUAL_MEANING);
      return null;
    }
    if (!v.isArray()) {
      problems.add(
          f.path("fence"),
          "must be a list of fence levels, each a list of devices, or \"manual\" (got "
              + Fields.describe(v)
              + ")");
      return null;
    }
    List<FenceLevel> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(level(v.get(i), Fields.index(f.path("fence"), i)));
    }
    return out.contains(null) ? null : out;
  }

  private FenceLevel level(JsonNode v, String path) {
    if (v.isObject()) {
      problems.add(
          path,
          "must be a list of devices (one fence level), not a single device; for one level of one"
              + " device write \"- - agent: ...\"");
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      problems.add(
          path,
          "must be a non-empty list of devices; every device of a level must succeed for the"
              + " level to succeed (got "
              + Fields.describe(v)
              + ")");
      return null;
    }
    List<FenceDeviceConfig> devices = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      devices.add(device(v.get(i), Fields.index(path, i)));
    }
    return devices.contains(null) ? null : new FenceLevel(devices);
  }

  private FenceDeviceConfig device(JsonNode v, String path) {
    int before = problems.count();
    Fields f = Fields.of(v, path, problems, DEVICE_KEYS);
    if (f == null) {
      return null;
    }
    String agent = f.requiredString("agent", "a fence agent such as fence_ipmilan, or its path");
    if (agent != null && !AGENT.matcher(agent).matches() && !Path.of(agent).isAbsolute()) {
      problems.add(
          f.path("agent"),
          "must be a fence agent name (fence_ followed by a-z, 0-9 and '_') or an absolute path"
              + " (got \""
              + agent
              + "\")");
    }
    String action = f.choice("action", "off", ACTIONS);
    Duration timeout =
        f.duration("timeout", FenceDeviceConfig.DEFAULT_TIMEOUT, Limits.FENCE_TIMEOUT);
    Map<String, String> options = options(f);
    Map<String, Path> secrets = secrets(f, options);
    if (problems.count() != before) {
      return null;
    }
    checkAgainstMetadata(f, agent, options, secrets);
    if (problems.count() != before) {
      return null;
    }
    return new FenceDeviceConfig(agent, action, options, secrets, timeout);
  }

  private Map<String, String> options(Fields f) {
    Map<String, String> options =
        f.scalarMap(
            "options", OPTION, "letters, digits, '_' and '-', as in the agent's stdin options");
    if (options == null) {
      return null;
    }
    String path = f.path("options");
    if (options.containsKey("action")) {
      problems.add(
          Fields.key(path, "action"),
          "set the action with "
              + f.path("action")
              + " (off or reboot), not in options: hactl passes the action to the agent");
    }
    options.forEach(
        (k, value) -> {
          if (value.contains("\n")) {
            problems.add(
                Fields.key(path, k),
                "must not contain a line break: fence agents read one key=value per line");
          }
        });
    return options;
  }

  /**
   * {@code secrets:}: option name to the absolute path of a file on each node holding its value
   * (read by the agent at fence time, never stored in ZooKeeper).
   */
  private Map<String, Path> secrets(Fields f, Map<String, String> options) {
    Map<String, String> raw =
        f.scalarMap(
            "secrets",
            OPTION,
            "an option name of the agent (letters, digits, '_' and '-') whose value is in a file");
    if (raw == null) {
      return null;
    }
    String path = f.path("secrets");
    Map<String, Path> out = new LinkedHashMap<>();
    raw.forEach(
        (k, file) -> {
          String at = Fields.key(path, k);
          if (k.equalsIgnoreCase("action")) {
            problems.add(at, "the action is not a secret; set " + f.path("action"));
          } else if (options != null && options.containsKey(k)) {
            problems.add(
                at,
                "also given in clear in "
                    + Fields.key(f.path("options"), k)
                    + "; keep only the file and remove the clear-text value");
          } else if (!file.startsWith("/") || file.contains("\n") || file.contains("\0")) {
            problems.add(
                at,
                "must be the absolute path of a file on each node holding the value, such as"
                    + " /etc/hactl/secrets/bmc1 (got \""
                    + file
                    + "\")");
          } else {
            out.put(k, Path.of(file));
          }
        });
    return out;
  }

  /** Unknown and missing required options, by the agent's own metadata (when the catalog knows). */
  private void checkAgainstMetadata(
      Fields f, String agent, Map<String, String> options, Map<String, Path> secrets) {
    Optional<FenceAgentCatalog.FenceAgentInfo> described;
    try {
      described = agents.describe(agent);
    } catch (FenceAgentCatalog.Unusable e) {
      problems.add(f.path("agent"), e.getMessage());
      return;
    }
    if (described.isEmpty()) {
      return;
    }
    FenceAgentCatalog.FenceAgentInfo info = described.get();
    options.keySet().stream()
        .filter(k -> !info.accepts(k))
        .forEach(k -> problems.add(Fields.key(f.path("options"), k), unknown(agent, k, info)));
    secrets.keySet().stream()
        .filter(k -> !info.accepts(k))
        .forEach(k -> problems.add(Fields.key(f.path("secrets"), k), unknown(agent, k, info)));
    Set<String> given = new HashSet<>(options.keySet());
    given.addAll(secrets.keySet());
    for (List<String> missing : info.missing(given)) {
      String first = missing.get(0);
      problems.add(
          Fields.key(f.path("options"), first),
          "required by "
              + agent
              + " (its metadata)"
              + (missing.size() > 1 ? "; give one of " + String.join(", ", missing) : "")
              + (SecretOptions.isSecret(first)
                  ? "; give a secret value in a file with " + f.path("secrets")
                  : ""));
    }
  }

  private static String unknown(String agent, String key, FenceAgentCatalog.FenceAgentInfo info) {
    String near = Typos.closest(key, info.settable());
    return "unknown option of "
        + agent
        + ", which would ignore it"
        + (near == null
            ? " (`" + agent + " -o metadata` lists its options)"
            : "; did you mean \"" + near + "\"?");
  }
}
