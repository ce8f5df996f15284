package io.hactl.itests.fence;

import io.hactl.itests.support.BootClock;
import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a fence agent by hactl, as the timing wrapper logged it.
 *
 * @param target {@code ip:port:} of the BMC it addressed
 * @param action the fence action (off, status, ...)
 * @param start when it started (monotonic clock)
 * @param end when it ended, or -1 if it never did (its caller died)
 * @param exitCode its exit status, or -1 when it never ended
 */
public record FenceCall(String target, String action, long start, long end, int exitCode) {

  /** Duration in nanoseconds, or -1 when the call never ended. */
  public long nanos() {
    return end < 0 ? -1 : end - start;
  }

  /** Reads the wrapper's log; calls appear in start order (pids are the wrappers' own). */
  public static List<FenceCall> read(Path log, BootClock clock) {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<FenceCall> calls = new ArrayList<>();
    Map<String, Integer> open = new HashMap<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length >= 5 && f[1].equals("start")) {
          open.put(f[2], calls.size());
          calls.add(new FenceCall(f[4], f[3], clock.toNanos(f[0]), -1, -1));
        } else if (f.length >= 4 && f[1].equals("end") && open.containsKey(f[2])) {
          int i = open.remove(f[2]);
          FenceCall c = calls.get(i);
          calls.set(
              i,
              new FenceCall(
                  c.target(), c.action(), c.start(), clock.toNanos(f[0]), Integer.parseInt(f[3])));
        }
      }
    } catch (IOException e) {
      throw new HarnessException("cannot read " + log, e);
    }
    return calls;
  }
}
