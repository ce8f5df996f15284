package io.hactl.resource.ocf;

import io.hactl.config.OcfAgentCatalog;
import io.hactl.config.OcfResourceConfig;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes installed OCF agents by running their {@code meta-data} action on this machine, under a
 * deadline and with the output cut at {@link #MAX_BYTES}, then parsing it with {@link
 * MetaDataParser}. Descriptions are kept per agent path for the life of the instance (one
 * configuration check). It does not run {@code validate-all}: that depends on the node.
 * Thread-safe.
 */
public final class MetaDataCatalog implements OcfAgentCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(MetaDataCatalog.class);

  /** The most meta-data hactl reads; the largest agents of resource-agents print about 40 KiB. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Deadline of one {@code meta-data} run. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Runs the agent with its stdout through {@code head -c}, so that an agent printing forever
   * cannot fill memory or disk; its exit status goes to a second file. Arguments are positional
   * parameters, never text of the script.
   */
  private static final String SCRIPT =
      "{ \"$0\" meta-data; echo $? > \"$2\"; } | head -c " + (MAX_BYTES + 1) + " > \"$1\"";

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
    Path dir = null;
    try {
      dir = Files.createTempDirectory("hactl-ocf-");
      Path out = dir.resolve("meta-data.xml");
      Path status = dir.resolve("status");
      ProcessSpec spec =
          new ProcessSpec(
              id + " meta-data",
              List.of("/bin/sh", "-c", SCRIPT, path.toString(), out.toString(), status.toString()),
              Map.of("OCF_ROOT", ocfRoot.toString()),
              null,
              null,
              timeout,
              Duration.ofMillis(200));
      ProcessResult r = runner.run(spec);
      if (!r.succeeded()) {
        throw new Unusable(id + ": " + path + " meta-data: " + r.describe());
      }
      if (Files.size(out) > MAX_BYTES) {
        throw new Unusable(
            id + ": " + path + " meta-data printed more than " + MAX_BYTES + " bytes");
      }
      String code = Files.exists(status) ? Files.readString(status).trim() : "?";
      if (!code.equals("0")) {
        throw new Unusable(id + ": " + path + " meta-data exited with status " + code);
      }
      String xml = Files.readString(out, StandardCharsets.UTF_8);
      return MetaDataParser.parse(xml);
    } catch (MetaDataParser.MetaDataException e) {
      throw new Unusable(id + ": the meta-data of " + path + " " + e.getMessage());
    } catch (IOException e) {
      throw new Unusable(id + ": cannot read the meta-data of " + path + ": " + e.getMessage());
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", dir, e.toString());
    }
  }
}
