package io.hactl.fencing.agents;

import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceAgent;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceOutcome;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program of the fence-agents family ({@code fence_ipmilan}, {@code fence_apc}, ...) the way
 * its API says: no arguments, {@code key=value} lines on stdin ({@code action} first, then the
 * device's options in order, then {@code nodename}, which fence-agents ignores where it has no
 * use), exit 0 = success ({@code status}: 0 = on, 2 = off), anything else = failure. A call that
 * passes the device's timeout is killed (TERM, the kill grace, KILL) and is a failure. Secret
 * option values never reach the log or the outcome.
 *
 * <p>It does not add {@code plug}/{@code port}: the device's options must name the node's plug
 * where the agent needs one. It does not retry. Stateless and thread-safe.
 */
public final class FenceAgentsAdapter implements FenceAgent {
  private static final Logger LOG = LoggerFactory.getLogger(FenceAgentsAdapter.class);

  /** How long an agent past its deadline gets between TERM and KILL, unless told otherwise. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(1);

  private static final Map<String, String> ENVIRONMENT = Map.of("LANG", "C", "LC_ALL", "C");

  private final ProcessRunner runner;
  private final AgentLocator locator;
  private final Duration killGrace;

  /** An adapter that finds agents on {@code PATH}, {@code /usr/sbin} and {@code /sbin}. */
  public FenceAgentsAdapter(ProcessRunner runner) {
    this(runner, AgentLocator.fromEnvironment(), DEFAULT_KILL_GRACE);
  }

  public FenceAgentsAdapter(ProcessRunner runner, AgentLocator locator, Duration killGrace) {
    this.runner = runner;
    this.locator = locator;
    this.killGrace = killGrace;
  }

  @Override
  public FenceOutcome run(String node, FenceDevice device, FenceAction action) {
    String what = device.agent() + " " + action + (node == null ? "" : " of node " + node);
    Optional<Path> program = locator.locate(device.agent());
    if (program.isEmpty()) {
      String detail = what + ": failed, agent not found: " + locator.whyMissing(device.agent());
      LOG.warn("{}", detail);
      return FenceOutcome.notRun(action, detail, Duration.ZERO);
    }
    Map<String, String> fromFiles;
    try {
      fromFiles = SecretFiles.read(device.secretFiles());
    } catch (IOException e) {
      String detail = what + ": failed, cannot read a secret: " + e.getMessage();
      LOG.warn("{}", detail);
      return FenceOutcome.notRun(action, detail, Duration.ZERO);
    }
    List<String> secrets = new ArrayList<>(device.secretValues());
    secrets.addAll(fromFiles.values());
    Map<String, String> options = new LinkedHashMap<>(device.options());
    options.putAll(fromFiles);
    IpmiPassword.Call call = IpmiPassword.route(program.get(), options);
    Map<String, String> environment = new LinkedHashMap<>(ENVIRONMENT);
    environment.putAll(call.environment());
    ProcessSpec spec =
        new ProcessSpec(
                what,
                List.of(program.get().toString()),
                environment,
                null,
                stdin(node, action, call.options()),
                device.timeout(),
                killGrace)
            .withSecrets(secrets);
    LOG.info(
        "{}: running {} with options [{}], deadline {} ms",
        what,
        program.get(),
        device.maskedOptions(),
        device.timeout().toMillis());
    FenceOutcome outcome = outcome(what, action, spec, runner.run(spec));
    if (outcome.success()) {
      LOG.info("{}", outcome.detail());
    } else {
      LOG.warn("{}", outcome.detail());
    }
    return outcome;
  }

  /**
   * Gets ready, at an agent's start, what a first fence call with one of {@code agents} would set
   * up (the fence_ipmilan family's ipmitool program), so that a takeover does not wait for it and a
   * temporary directory where it cannot run is reported at start rather than during a fence.
   */
  public static void prepare(Collection<String> agents) {
    boolean ipmi =
        agents.stream()
            .map(a -> Path.of(a).getFileName())
            .anyMatch(n -> n != null && IpmiPassword.FAMILY.contains(n.toString()));
    if (ipmi) {
      IpmiPassword.wrapper();
    }
  }

  /**
   * The agent's stdin: the action, the options in order (the device's, then the secrets read from
   * files), then the node's name. Secrets travel here (or, for the fence_ipmilan family, in the
   * environment: {@link IpmiPassword}), never on the command line.
   */
  static String stdin(String node, FenceAction action, Map<String, String> options) {
    StringBuilder in = new StringBuilder("action=").append(action.wire()).append('\n');
    options.forEach((k, v) -> in.append(k).append('=').append(v).append('\n'));
    if (node != null && !options.containsKey("nodename")) {
      in.append("nodename=").append(node).append('\n');
    }
    return in.toString();
  }

  private static FenceOutcome outcome(
      String what, FenceAction action, ProcessSpec spec, ProcessResult r) {
    String last = lastLine(r.output()).map(l -> " (last output: " + l + ")").orElse("");
    String detail;
    boolean success = false;
    if (r.error() != null) {
      detail = what + ": failed, " + startError(r) + last;
    } else if (r.timedOut()) {
      detail =
          what
              + ": failed, timed out after "
              + r.elapsed().toMillis()
              + " ms (deadline "
              + spec.timeout().toMillis()
              + " ms), agent killed"
              + last;
    } else {
      success = action.succeeded(r.exitCode());
      detail =
          what
              + ": "
              + (success ? "succeeded" : "failed")
              + statusWord(action, success, r.exitCode())
              + ", exit "
              + r.exitCode()
              + " after "
              + r.elapsed().toMillis()
              + " ms"
              + last;
    }
    return new FenceOutcome(
        success, spec.mask(detail), r.elapsed(), action, r.exitCode(), r.timedOut(), r.output());
  }

  private static String startError(ProcessResult r) {
    return "interrupted".equals(r.error())
        ? "interrupted, agent killed"
        : "could not start the agent: " + r.error();
  }

  private static String statusWord(FenceAction action, boolean success, int exitCode) {
    if (action != FenceAction.STATUS || !success) {
      return "";
    }
    return exitCode == FenceAction.STATUS_OFF_EXIT ? " (power OFF)" : " (power ON)";
  }

  private static Optional<String> lastLine(List<String> output) {
    for (int i = output.size() - 1; i >= 0; i--) {
      String line = output.get(i).strip();
      if (!line.isEmpty()) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }
}
