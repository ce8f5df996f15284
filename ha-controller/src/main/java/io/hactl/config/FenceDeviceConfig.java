package io.hactl.config;

import java.time.Duration;
import java.util.Map;

/**
 * A fence device: a fence-agents program and its options.
 *
 * @param agent program name ({@code fence_ipmilan}) or absolute path
 * @param action what the device does to the node, {@code off} (default) or {@code reboot}
 * @param options {@code key=value} options passed on the agent's stdin
 * @param timeout deadline of one call of the agent
 */
public record FenceDeviceConfig(
    String agent, String action, Map<String, String> options, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public FenceDeviceConfig {
    options = Maps.ordered(options);
  }
}
