package io.hactl.fencing;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param timeout deadline of one call of the agent, positive
 */
public record FenceDevice(
    String agent, String action, Map<String, String> options, Duration timeout) {

  /** Keys that may not appear in {@link #options}: the adapter writes the action itself. */
  public static final Set<String> RESERVED_KEYS = Set.of("action", "option");

  private static final List<String> SECRET_MARKERS =
      List.of("passw", "secret", "community", "token", "credential", "access_key");

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
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("fence device " + agent + ": timeout must be > 0");
    }
  }

  private static Map<String, String> checkedCopy(String agent, Map<String, String> options) {
    Map<String, String> copy = new LinkedHashMap<>();
    options.forEach(
        (key, value) -> {
          String where = "fence device " + agent + ": option '" + key + "'";
          if (key == null || key.isBlank() || key.contains("=") || hasLineBreak(key)) {
            throw new IllegalArgumentException(where + ": not a valid key");
          }
          if (RESERVED_KEYS.contains(key.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                where + ": the action is set by the device's action");
          }
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
    return new FenceDevice(agent, action, more, timeout);
  }

  /** The fencing action as an enum ({@link FenceAction#OFF} or {@link FenceAction#REBOOT}). */
  public FenceAction fenceAction() {
    return FenceAction.fromWire(action);
  }

  /**
   * Whether an option's value is a secret that must never be logged: any key naming a password,
   * secret, token, credential, access key or SNMP community ({@code passwd}, {@code password},
   * {@code snmp_priv_passwd}, {@code secret_key}, ...). Errs on the side of masking.
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    return SECRET_MARKERS.stream().anyMatch(k::contains);
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
    return options.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecretKey(e.getKey()) ? "****" : e.getValue()))
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
