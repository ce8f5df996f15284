package io.hactl.itests.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing the machine a benchmark ran on: CPU count and model. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    String model = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException e) {
      model = "unknown CPU (" + e.getMessage() + ")";
    }
    return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + model;
  }
}
