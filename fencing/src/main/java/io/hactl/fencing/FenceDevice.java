package io.hactl.fencing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One fence device as the fencing module sees it: a fence-agents program, the fencing action, its
 * options in the order they are written to the agent, and the deadline of one call. The agent maps
 * its configuration to this record. It rejects options that would smuggle an extra line or a second
 * {@code action} onto the agent's stdin; it does not check that the agent knows them.
 *
 * <p>{@link #toString} masks secret options (see {@link #isSecretKey}), so a device can be logged.
 *
 * @param agent program name ({@code fence_ipmilan}) or absolute path
 * @param action {@code off} or {@code reboot}; {@code null} means {@code off}
 * @param options {@code key=value} options for the agent's stdin, in order
 * @param secretFiles options whose value is read, at each call, from a file on this node (one line,
 *     mode 0600 or 0400), passed on stdin after {@code options}; the value never enters the
 *     configuration, and it is masked in logs and output like every secret
 * @param timeout deadline of one call of the agent, positive
 */
public record FenceDevice(
    String agent,
    String action,
    Map<String, String> options,
    Map<String, Path> secretFiles,
    Duration timeout) {

  /** Keys that may not appear in {@link #options}: the adapter writes the action itself. */
  public static final Set<String> RESERVED_KEYS = Set.of("action", "option");

  public FenceDevice {
    if (agent == null || agent.isBlank()) {
      throw new IllegalArgumentException("fence device: agent must not be empty");
    }
    action = action == null ? "off" : action;
    if (!FenceAction.fromWire(action).fences()) {
      throw new IllegalArgumentException(
          "fence device " + agent + ": action must be off or reboot, not '" + action + "'");
    }
    options = checkedCopy(agent, options == null ? Map.of() : options);
    secretFiles = checkedFiles(agent, options, secretFiles == null ? Map.of() : secretFiles);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("fence device " + agent + ": timeout must be > 0");
    }
  }

  /** A device whose options are all in the configuration (no secret files). */
  public FenceDevice(String agent, String action, Map<String, String> options, Duration timeout) {
    this(agent, action, options, Map.of(), timeout);
  }

  private static Map<String, Path> checkedFiles(
      String agent, Map<String, String> options, Map<String, Path> files) {
    Map<String, Path> copy = new LinkedHashMap<>();
    files.forEach(
        (key, file) -> {
          String where = "fence device " + agent + ": secret '" + key + "'";
          checkKey(where, key);
          if (options.containsKey(key)) {
            throw new IllegalArgumentException(where + ": also given in clear in the options");
          }
          if (file == null || !file.isAbsolute()) {
            throw new IllegalArgumentException(where + ": the file must be an absolute path");
          }
          copy.put(key, file);
        });
    return Collections.unmodifiableMap(copy);
  }

  private static void checkKey(String where, String key) {
    if (key == null || key.isBlank() || key.contains("=") || hasLineBreak(key)) {
      throw new IllegalArgumentException(where + ": not a valid key");
    }
    if (RESERVED_KEYS.contains(key.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(where + ": the action is set by the device's action");
    }
  }

  private static Map<String, String> checkedCopy(String agent, Map<String, String> options) {
    Map<String, String> copy = new LinkedHashMap<>();
    options.forEach(
        (key, value) -> {
          String where = "fence device " + agent + ": option '" + key + "'";
          checkKey(where, key);
          if (value == null || hasLineBreak(value)) {
            throw new IllegalArgumentException(where + ": value must be one line");
          }
          copy.put(key, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0;
  }

  /** A device that turns the node off, with no options yet. */
  public static FenceDevice off(String agent, Duration timeout) {
    return new FenceDevice(agent, "off", Map.of(), timeout);
  }

  /** A copy with {@code key=value} appended to (or replaced in) the options. */
  public FenceDevice withOption(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(options);
    more.put(key, value);
    return new FenceDevice(agent, action, more, secretFiles, timeout);
  }

  /** The fencing action as an enum ({@link FenceAction#OFF} or {@link FenceAction#REBOOT}). */
  public FenceAction fenceAction() {
    return FenceAction.fromWire(action);
  }

  /** Whether an option's value is a secret that must never be logged ({@link SecretOptions}). */
  public static boolean isSecretKey(String key) {
    return SecretOptions.isSecret(key);
  }

  /** The values of the secret options, for masking in output. */
  public List<String> secretValues() {
    return options.entrySet().stream()
        .filter(e -> isSecretKey(e.getKey()) && !e.getValue().isEmpty())
        .map(Map.Entry::getValue)
        .toList();
  }

  /** The options as {@code key=value, ...} with secret values masked. */
  public String maskedOptions() {
    return Stream.concat(
            options.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecretKey(e.getKey()) ? "****" : e.getValue())),
            secretFiles.entrySet().stream().map(e -> e.getKey() + "=<from " + e.getValue() + ">"))
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return agent
        + " "
        + action
        + " ["
        + maskedOptions()
        + "] timeout "
        + timeout.toMillis()
        + " ms";
  }
}
