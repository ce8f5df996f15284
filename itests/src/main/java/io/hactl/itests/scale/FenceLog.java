package io.hactl.itests.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Durations of the fence calls the timing wrapper logged ({@code UPTIME start PID ...}, {@code
 * UPTIME end PID RC}), for calls that started after a given {@code /proc/uptime}.
 */
final class FenceLog {
  private FenceLog() {}

  /** Seconds since boot, as the wrapper reads them; -1 when unreadable. */
  static double uptime() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Durations in ms of the calls that started at or after {@code since} and ended. */
  static List<Long> durationsSince(Path log, double since) {
    List<Long> out = new ArrayList<>();
    Map<String, Double> open = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      return out;
    }
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      double t = Double.parseDouble(f[0]);
      if (f[1].equals("start") && t >= since) {
        open.put(f[2], t);
      } else if (f[1].equals("end") && open.containsKey(f[2])) {
        out.add(Math.round((t - open.remove(f[2])) * 1000));
      }
    }
    return out;
  }
}
