package io.hactl.resource.ocf;

import io.hactl.config.OcfAgentCatalog;
import io.hactl.config.OcfResourceConfig;
import io.hactl.process.CapturedOutput;
import io.hactl.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describes installed OCF agents by running their {@code meta-data} action on this machine, under a
 * deadline and with the output cut at {@link #MAX_BYTES}, then parsing it with {@link
 * MetaDataParser}. Descriptions are kept per agent path for the life of the instance (one
 * configuration check). It does not run {@code validate-all}: that depends on the node.
 * Thread-safe.
 */
public final class MetaDataCatalog implements OcfAgentCatalog {
  /** The most meta-data hactl reads; the largest agents of resource-agents print about 40 KiB. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Deadline of one {@code meta-data} run. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ProcessRunner runner;
  private final Duration timeout;
  private final Map<Path, AgentInfo> cache = new ConcurrentHashMap<>();

  public MetaDataCatalog(ProcessRunner runner) {
    this(runner, TIMEOUT);
  }

  public MetaDataCatalog(ProcessRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  @Override
  public Optional<AgentInfo> describe(Path ocfRoot, String provider, String agent) throws Unusable {
    Path path = OcfResourceConfig.agentPath(ocfRoot, provider, agent);
    AgentInfo known = cache.get(path);
    if (known != null) {
      return Optional.of(known);
    }
    String id = "ocf:" + provider + ":" + agent;
    if (!Files.exists(path)) {
      throw new Unusable(
          "no OCF agent "
              + id
              + " on this machine: "
              + path
              + " does not exist (install the package that provides it, or fix provider/agent or"
              + " cluster.ocfRoot)");
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new Unusable(id + ": " + path + " is not an executable file");
    }
    AgentInfo info = read(ocfRoot, id, path);
    cache.put(path, info);
    return Optional.of(info);
  }

  private AgentInfo read(Path ocfRoot, String id, Path path) throws Unusable {
    try {
      String xml =
          CapturedOutput.run(
              runner,
              id + " meta-data",
              path,
              List.of("meta-data"),
              Map.of("OCF_ROOT", ocfRoot.toString()),
              MAX_BYTES,
              timeout);
      return MetaDataParser.parse(xml);
    } catch (MetaDataParser.MetaDataException e) {
      throw new Unusable(id + ": the meta-data of " + path + " " + e.getMessage());
    } catch (IOException e) {
      throw new Unusable(id + ": " + path + " meta-data: " + e.getMessage());
    }
  }
}
