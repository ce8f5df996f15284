package io.hactl.demo.scheduler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces a directory's entries to storage, so a file created or renamed in it survives a crash of
 * the machine, not only of the process. Linux and NFS honour this; it guarantees nothing where the
 * platform cannot open a directory.
 */
final class Fsync {
  private Fsync() {}

  static void directory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
