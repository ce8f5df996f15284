package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A mount: the shared spool, typically. NFS is {@code device: server:/export, fstype: nfs}; a local
 * directory is {@code fstype: none, options: bind}.
 *
 * @param name resource name
 * @param device what to mount
 * @param mountpoint where; absolute
 * @param fstype file-system type passed to {@code mount -t}
 * @param options mount options passed to {@code mount -o}, may be empty
 * @param epochFile whether the service's epoch is written into this mount (DESIGN rule 7)
 * @param monitorDepth 0 checks the mount table; 10 also writes and reads a probe file
 * @param termGrace in the emergency stop, how long holders get between TERM and KILL
 * @param unmountTimeout in the emergency stop, deadline of the unmount
 */
public record FsResourceConfig(
    String name,
    String device,
    Path mountpoint,
    String fstype,
    String options,
    boolean epochFile,
    int monitorDepth,
    Duration startTimeout,
    Duration stopTimeout,
    Duration monitorInterval,
    Duration monitorTimeout,
    Duration termGrace,
    Duration unmountTimeout,
    List<ResourceConfig> children)
    implements ResourceConfig {

  /** Time allowed for KILLed holders to vanish before the unmount is tried. */
  public static final Duration KILL_WAIT = Duration.ofMillis(200);

  public FsResourceConfig {
    children = List.copyOf(children);
  }

  @Override
  public Duration emergencyBudget() {
    return termGrace.plus(KILL_WAIT).plus(unmountTimeout);
  }
}
