package io.hactl.resource.fs;

import java.nio.file.Path;

/**
 * One line of {@code /proc/PID/mountinfo}, with octal escapes decoded.
 *
 * @param id mount id
 * @param parentId id of the parent mount
 * @param root the directory of the source file system that is mounted (not "/" for bind mounts)
 * @param mountPoint where it is mounted, relative to the reader's root
 * @param mountOptions per-mount options (ro, nosuid, ...)
 * @param fstype file-system type
 * @param source what is mounted (device, {@code server:/export}, ...)
 * @param superOptions per-file-system options
 */
public record MountEntry(
    int id,
    int parentId,
    String root,
    Path mountPoint,
    String mountOptions,
    String fstype,
    String source,
    String superOptions) {

  /** True when the mount is read-only for this mount point. */
  public boolean readOnly() {
    for (String o : mountOptions.split(",")) {
      if (o.equals("ro")) {
        return true;
      }
    }
    return false;
  }
}
