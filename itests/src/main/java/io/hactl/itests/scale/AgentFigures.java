package io.hactl.itests.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory and thread count of agent JVMs, read from {@code /proc/PID/status} ({@code
 * VmRSS}, {@code Threads}); an agent that is gone is left out.
 */
final class AgentFigures {
  /** One agent's figures. */
  record Sample(long pid, long rssKiB, int threads) {}

  private AgentFigures() {}

  static List<Sample> sample(List<Long> pids) {
    List<Sample> out = new ArrayList<>();
    for (long pid : pids) {
      long rss = -1;
      int threads = -1;
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
          } else if (line.startsWith("Threads:")) {
            threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        continue;
      }
      if (rss >= 0 && threads >= 0) {
        out.add(new Sample(pid, rss, threads));
      }
    }
    return out;
  }
}
