package io.hactl.readiness;

import io.hactl.config.FenceAgentCatalog;
import io.hactl.fencing.agents.AgentLocator;
import io.hactl.process.CapturedOutput;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.ocf.MetaDataParser.MetaDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describes the fence agents installed on this machine by running {@code AGENT -o metadata} under a
 * deadline, its output cut at {@link #MAX_BYTES}. Descriptions are kept per agent for the life of
 * the instance (one configuration check). In offline mode an agent that is not installed here is
 * not an error but a warning (its options stay unchecked): for an administrator validating on a
 * machine that is not a node. It never runs a fencing action. Thread-safe.
 */
public final class InstalledFenceAgents implements FenceAgentCatalog {
  /** The most metadata read; the largest agents of fence-agents print about 20 KiB. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Deadline of one metadata run. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Map<String, String> ENVIRONMENT =
      Map.of("LANG", "C", "LC_ALL", "C", "PYTHONWARNINGS", "ignore");

  private final ProcessRunner runner;
  private final AgentLocator locator;
  private final boolean offline;
  private final Map<String, FenceAgentInfo> cache = new ConcurrentHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  public InstalledFenceAgents(ProcessRunner runner, AgentLocator locator, boolean offline) {
    this.runner = runner;
    this.locator = locator;
    this.offline = offline;
  }

  /** A catalog of the agents on {@code PATH}, {@code /usr/sbin} and {@code /sbin}. */
  public static InstalledFenceAgents here(boolean offline) {
    return new InstalledFenceAgents(new ProcessRunner(), AgentLocator.fromEnvironment(), offline);
  }

  @Override
  public Optional<FenceAgentInfo> describe(String agent) throws Unusable {
    FenceAgentInfo known = cache.get(agent);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Path> program = locator.locate(agent);
    if (program.isEmpty()) {
      String why =
          "fence agent "
              + agent
              + " is not installed on this machine: "
              + locator.whyMissing(agent);
      if (offline) {
        synchronized (warnings) {
          if (warnings.stream().noneMatch(w -> w.startsWith("fence agent " + agent + " "))) {
            warnings.add(why + "; its options were not checked");
          }
        }
        return Optional.empty();
      }
      throw new Unusable(
          why
              + " (install the package that provides it, e.g. fence-agents; or, on a machine"
              + " that is not a node, check the rest with --offline)",
          true);
    }
    FenceAgentInfo info = read(agent, program.get());
    cache.put(agent, info);
    return Optional.of(info);
  }

  /** What offline mode did not check, one line each; empty when not offline. */
  public List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  private FenceAgentInfo read(String agent, Path program) throws Unusable {
    try {
      String xml =
          CapturedOutput.run(
              runner,
              agent + " metadata",
              program,
              List.of("-o", "metadata"),
              ENVIRONMENT,
              MAX_BYTES,
              TIMEOUT);
      return FenceMetadata.parse(program.toString(), xml);
    } catch (MetaDataException e) {
      throw new Unusable(
          "fence agent " + agent + ": the metadata of " + program + " " + e.getMessage(), false);
    } catch (IOException e) {
      throw new Unusable(
          "fence agent "
              + agent
              + ": "
              + program
              + " -o metadata: "
              + e.getMessage()
              + " (is it a fence agent of the fence-agents family?)",
          false);
    }
  }
}
