package io.hactl.ocf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, loudly (the reason is printed), when this machine lacks what it needs. */
final class Skip {
  private Skip() {}

  /** Skips unless every program is on the PATH (or in an sbin directory). */
  static void unlessPrograms(String... programs) {
    List<String> missing = new ArrayList<>();
    for (String p : programs) {
      if (which(p) == null) {
        missing.add(p);
      }
    }
    skipIf(!missing.isEmpty(), "missing program(s): " + String.join(", ", missing));
  }

  /** Skips unless the files exist. */
  static void unlessFiles(String... files) {
    for (String f : files) {
      skipIf(!Files.exists(Path.of(f)), "missing " + f);
    }
  }

  /** Skips unless this JVM runs as root. */
  static void unlessRoot() {
    String uid = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = line.split("\\s+")[2];
        }
      }
    } catch (IOException e) {
      skipIf(true, "cannot read /proc/self/status: " + e.getMessage());
    }
    skipIf(!uid.equals("0"), "not root (euid " + uid + ")");
  }

  static void skipIf(boolean skip, String reason) {
    if (skip) {
      System.err.println("SKIPPED: " + reason);
    }
    Assumptions.assumeFalse(skip, reason);
  }

  /** The program's path on the PATH or in an sbin directory, or null. */
  static Path which(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    return null;
  }
}
