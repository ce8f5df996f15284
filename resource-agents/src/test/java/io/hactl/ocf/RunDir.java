package io.hactl.ocf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A test's working directory below {@code hactl.ocf.runDir} (the build's target directory), kept
 * after the test for its logs, and traversable by every user: daemons such as munged run as their
 * own users, and ocf-tester runs meta-data as nobody.
 */
final class RunDir {
  private RunDir() {}

  static Path create(String name) {
    Path base = Path.of(System.getProperty("hactl.ocf.runDir", "target/ocf-runs")).toAbsolutePath();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
    Path dir = base.resolve(name + "-" + stamp);
    try {
      Files.createDirectories(dir);
      for (Path p = dir; p.startsWith(base.getParent()); p = p.getParent()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
