package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A daemon run by the agent: a foreground child (its death is seen at once), or a forking daemon
 * found through its pidfile.
 *
 * @param name resource name
 * @param command program and arguments, not passed through a shell
 * @param user user to run as, or {@code null} for the agent's user
 * @param environment extra environment variables
 * @param workdir working directory, or {@code null}
 * @param pidfile for forking daemons: the file holding the daemon's pid; {@code null} for a
 *     foreground child
 * @param ready optional readiness command; start succeeds when it exits 0
 * @param monitor optional monitor command run every {@code monitorInterval}
 * @param termGrace in the emergency stop, time between TERM and KILL
 */
public record ExecResourceConfig(
    String name,
    List<String> command,
    String user,
    Map<String, String> environment,
    Path workdir,
    Path pidfile,
    List<String> ready,
    List<String> monitor,
    Duration startTimeout,
    Duration stopTimeout,
    Duration monitorInterval,
    Duration monitorTimeout,
    Duration termGrace,
    List<ResourceConfig> children)
    implements ResourceConfig {

  /** Time allowed for a KILLed daemon to vanish. */
  public static final Duration KILL_WAIT = Duration.ofMillis(200);

  public ExecResourceConfig {
    command = List.copyOf(command);
    environment = Maps.ordered(environment);
    ready = ready == null ? List.of() : List.copyOf(ready);
    monitor = monitor == null ? List.of() : List.copyOf(monitor);
    children = List.copyOf(children);
  }

  @Override
  public Duration emergencyBudget() {
    return termGrace.plus(KILL_WAIT);
  }
}
