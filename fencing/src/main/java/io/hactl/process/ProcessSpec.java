package io.hactl.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a command line, its environment and working directory, what to feed on stdin, and
 * the deadline of the whole run. Immutable.
 *
 * @param label short name used in every log line of the child, e.g. {@code "mount spool"}
 * @param command program and arguments, never passed through a shell
 * @param environment variables added to the agent's environment
 * @param workdir working directory, or {@code null} for the agent's own
 * @param stdin text written to the child's stdin, then closed; {@code null} for none
 * @param timeout deadline of {@link ProcessRunner#run}; a run that exceeds it is a failure
 * @param killGrace how long TERM may take before KILL when the deadline passes
 * @param secrets values (passwords) replaced by {@value #MASK} wherever the runner logs or keeps
 *     the child's output or command line; the child itself still receives them
 */
public record ProcessSpec(
    String label,
    List<String> command,
    Map<String, String> environment,
    Path workdir,
    String stdin,
    Duration timeout,
    Duration killGrace,
    List<String> secrets) {
  /** What a secret is replaced with in logs and output tails. */
  public static final String MASK = "****";

  public ProcessSpec {
    Objects.requireNonNull(label, "label");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    environment = Map.copyOf(environment == null ? Map.of() : environment);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(killGrace, "killGrace");
    // Longest first, so a secret that contains another is masked whole.
    secrets =
        secrets == null
            ? List.of()
            : secrets.stream()
                .filter(v -> !v.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
  }

  /** A spec without secrets. */
  public ProcessSpec(
      String label,
      List<String> command,
      Map<String, String> environment,
      Path workdir,
      String stdin,
      Duration timeout,
      Duration killGrace) {
    this(label, command, environment, workdir, stdin, timeout, killGrace, List.of());
  }

  /** {@code text} with every secret of this spec replaced by {@value #MASK}. */
  public String mask(String text) {
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  /** A spec with no environment, working directory or stdin, and a 1 s kill grace. */
  public static ProcessSpec of(String label, Duration timeout, List<String> command) {
    return new ProcessSpec(label, command, Map.of(), null, null, timeout, Duration.ofSeconds(1));
  }

  public ProcessSpec withStdin(String text) {
    return new ProcessSpec(label, command, environment, workdir, text, timeout, killGrace, secrets);
  }

  public ProcessSpec withEnvironment(Map<String, String> env) {
    return new ProcessSpec(label, command, env, workdir, stdin, timeout, killGrace, secrets);
  }

  public ProcessSpec withWorkdir(Path dir) {
    return new ProcessSpec(label, command, environment, dir, stdin, timeout, killGrace, secrets);
  }

  public ProcessSpec withKillGrace(Duration grace) {
    return new ProcessSpec(label, command, environment, workdir, stdin, timeout, grace, secrets);
  }

  /** A copy that masks {@code values} in logs and output tails (see {@link #secrets}). */
  public ProcessSpec withSecrets(Collection<String> values) {
    return new ProcessSpec(
        label, command, environment, workdir, stdin, timeout, killGrace, List.copyOf(values));
  }

  /** Names the label, masked command and deadline; never the stdin text or the secrets. */
  @Override
  public String toString() {
    return "ProcessSpec["
        + label
        + ": "
        + mask(String.join(" ", command))
        + ", timeout "
        + timeout.toMillis()
        + " ms]";
  }
}
