package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hactl.files.BoundedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the YAML text of a cluster configuration into a {@link ClusterConfig}, checking it
 * completely (YAML syntax, schema, names, ranges, cross-references, the emergency-stop timing of
 * DESIGN rule 4) and reporting every problem at once. It checks the file only: not that hosts,
 * programs, devices or users exist, nor what ZooKeeper will negotiate. Thread-safe.
 */
public final class ConfigParser {
  private static final List<String> TOP_KEYS =
      List.of("cluster", "nodes", "failoverDomains", "services", AlertsReader.PATH);

  private final YAMLFactory factory = YamlTree.newFactory();
  private final OcfAgentCatalog ocfAgents;
  private final FenceAgentCatalog fenceAgents;

  /**
   * A parser that does not look at OCF agents: {@code type: ocf} parameters are not checked and
   * their timeouts default to fixed values. For reading a configuration that was validated before,
   * on a machine that need not have the agents.
   */
  public ConfigParser() {
    this(OcfAgentCatalog.UNCHECKED);
  }

  /**
   * A parser that checks {@code type: ocf} resources against {@code ocfAgents} (parameters, advised
   * timeouts, the agent's stop in the emergency-stop budget).
   */
  public ConfigParser(OcfAgentCatalog ocfAgents) {
    this(ocfAgents, FenceAgentCatalog.UNCHECKED);
  }

  /**
   * A parser that also checks fence devices against {@code fenceAgents} (the agent exists, its
   * options are ones the agent's metadata declares, its required options are given).
   */
  public ConfigParser(OcfAgentCatalog ocfAgents, FenceAgentCatalog fenceAgents) {
    this.ocfAgents = ocfAgents;
    this.fenceAgents = fenceAgents;
  }

  /**
   * Parses and validates a configuration.
   *
   * @param yamlText the YAML text; it becomes {@link ClusterConfig#source()}
   * @param fileName the name used in error messages
   * @throws ConfigException carrying every problem found, when there is any
   */
  public ClusterConfig parse(String yamlText, String fileName) throws ConfigException {
    Problems problems = new Problems(fileName);
    JsonNode root = new YamlTree(factory, problems).read(yamlText);
    ClusterConfig config = root == null ? null : walk(root, yamlText, problems);
    if (problems.any()) {
      throw problems.exception();
    }
    return config;
  }

  /**
   * The largest configuration file read, checked before parsing: {@value} bytes (1 MiB). A larger
   * file could not be stored in ZooKeeper anyway.
   */
  public static final long MAX_FILE_BYTES = 1024 * 1024;

  /** How long reading a configuration file may take (a file on a hung file system fails). */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Reads a UTF-8 file and parses it; errors name the file as given. Only a regular file of at most
   * {@link #MAX_FILE_BYTES} is read (FIFOs, devices and directories are refused before they are
   * opened), within {@link #READ_TIMEOUT}.
   *
   * @throws ConfigException when the file cannot be read, or carrying every problem found in it
   */
  public ClusterConfig parseFile(Path file) throws ConfigException {
    String text;
    try {
      text = BoundedFile.read(file, MAX_FILE_BYTES, READ_TIMEOUT);
    } catch (IOException e) {
      String why = e.getMessage();
      String prefix = file + ": ";
      throw new ConfigException(
          List.of(
              new ConfigError(
                  file.toString(),
                  "",
                  why.startsWith(prefix) ? why.substring(prefix.length()) : why)));
    }
    return parse(text, file.toString());
  }

  private ClusterConfig walk(JsonNode root, String source, Problems problems) {
    if (!root.isObject()) {
      problems.add(
          "",
          "must be a YAML mapping with the keys "
              + String.join(", ", TOP_KEYS)
              + " (got "
              + (root.isNull() ? "an empty document" : Fields.describe(root))
              + ")");
      return null;
    }
    Fields top = Fields.of(root, "", problems, TOP_KEYS);
    ClusterSectionReader clusterReader = new ClusterSectionReader(problems);
    JsonNode clusterNode = top.required("cluster", "the cluster's name and settings");
    ClusterSettings cluster = clusterNode == null ? null : clusterReader.read(clusterNode);
    Map<String, JsonNode> nodeEntries = top.named(NodeReader.PATH, "node", true);
    Map<String, NodeConfig> nodes =
        nodeEntries == null ? Map.of() : new NodeReader(problems, fenceAgents).read(nodeEntries);
    Map<String, JsonNode> domainEntries = top.named(DomainReader.PATH, "failover domain", false);
    Map<String, FailoverDomain> domains =
        domainEntries == null
            ? Map.of()
            : new DomainReader(problems).read(domainEntries, keys(nodeEntries));
    Map<String, JsonNode> serviceEntries = top.named(ServiceReader.PATH, "service", false);
    Duration sessionTimeout = clusterReader.sessionTimeout();
    Map<String, ServiceConfig> services =
        serviceEntries == null
            ? Map.of()
            : new ServiceReader(problems, ocfAgents, clusterReader.ocfRoot())
                .read(serviceEntries, keys(domainEntries), sessionTimeout);
    Map<String, JsonNode> alertEntries = top.named(AlertsReader.PATH, "alert hook", false);
    List<AlertHookConfig> alerts =
        alertEntries == null ? List.of() : new AlertsReader(problems).read(alertEntries);
    if (problems.any()) {
      return null;
    }
    return new ClusterConfig(cluster, nodes, domains, services, source, alerts);
  }

  private static Set<String> keys(Map<String, JsonNode> entries) {
    return entries == null ? null : entries.keySet();
  }
}
