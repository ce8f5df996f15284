package io.hactl.config;

import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.SecretOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A fence device: a fence-agents program and its options.
 *
 * @param agent program name ({@code fence_ipmilan}) or absolute path
 * @param action what the device does to the node, {@code off} (default) or {@code reboot}
 * @param options {@code key=value} options passed on the agent's stdin
 * @param secretFiles options whose value each node reads from a file at fence time ({@code
 *     secrets:}); only the path is in the configuration
 * @param timeout deadline of one call of the agent
 */
public record FenceDeviceConfig(
    String agent,
    String action,
    Map<String, String> options,
    Map<String, Path> secretFiles,
    Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public FenceDeviceConfig {
    options = Maps.ordered(options);
    secretFiles = Maps.ordered(secretFiles == null ? Map.of() : secretFiles);
  }

  /** A device with every option in the configuration (no secret files). */
  public FenceDeviceConfig(
      String agent, String action, Map<String, String> options, Duration timeout) {
    this(agent, action, options, Map.of(), timeout);
  }

  /** The fencing module's device, secret files included. */
  public FenceDevice toDevice() {
    return new FenceDevice(agent, action, options, secretFiles, timeout);
  }

  /** The names of the options given in clear whose value is a secret ({@link SecretOptions}). */
  public List<String> clearTextSecrets() {
    return options.keySet().stream().filter(SecretOptions::isSecret).toList();
  }
}
