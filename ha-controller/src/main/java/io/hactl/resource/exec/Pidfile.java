package io.hactl.resource.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads and clears a daemon's pidfile. It reads in the calling thread, so the pidfile must live on
 * a local file system (such as {@code /run}), never on the shared spool. It does not check that the
 * pid is the daemon: a stale pidfile whose pid was reused looks valid.
 */
final class Pidfile {
  private final Path path;

  Pidfile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The pid on the first line, or empty when the file is absent, empty or not a number. */
  OptionalLong read() {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    String first = text.strip().lines().findFirst().orElse("").strip();
    try {
      long pid = Long.parseLong(first);
      return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Removes the file; true when it is gone afterwards. */
  boolean delete() {
    try {
      Files.deleteIfExists(path);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
