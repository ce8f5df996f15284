package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
      List.of("cluster", "nodes", "failoverDomains", "services");

  private final YAMLFactory factory = YamlTree.newFactory();
  private final OcfAgentCatalog ocfAgents;

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
    this.ocfAgents = ocfAgents;
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
   * Reads a UTF-8 file and parses it; errors name the file as given.
   *
   * @throws ConfigException when the file cannot be read, or carrying every problem found in it
   */
  public ClusterConfig parseFile(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigError(file.toString(), "", unreadable(e))));
    }
    return parse(text, file.toString());
  }

  private static String unreadable(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "cannot read the file: it does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read the file: permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "cannot read the file: it is not UTF-8 text";
    }
    return "cannot read the file: " + e.getMessage();
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
        nodeEntries == null ? Map.of() : new NodeReader(problems).read(nodeEntries);
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
    if (problems.any()) {
      return null;
    }
    return new ClusterConfig(cluster, nodes, domains, services, source);
  }

  private static Set<String> keys(Map<String, JsonNode> entries) {
    return entries == null ? null : entries.keySet();
  }
}
