package io.hactl.config;

import java.util.List;

/** One fence level: every device in it must succeed for the level to succeed. */
public record FenceLevel(List<FenceDeviceConfig> devices) {
  public FenceLevel {
    devices = List.copyOf(devices);
  }
}
