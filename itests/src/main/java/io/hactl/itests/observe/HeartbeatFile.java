package io.hactl.itests.observe;

import io.hactl.itests.support.BootClock;
import io.hactl.testkit.check.Heartbeat;
import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the heartbeat file the test daemon appends to: one {@code NODE EPOCH UPTIME PID} line per
 * beat. Lines that do not parse are counted, not returned.
 */
public final class HeartbeatFile {
  private final List<Heartbeat> beats;
  private final int malformed;

  private HeartbeatFile(List<Heartbeat> beats, int malformed) {
    this.beats = beats;
    this.malformed = malformed;
  }

  /** Reads {@code file}; a missing file has no heartbeats. */
  public static HeartbeatFile read(Path file, BootClock clock) {
    if (!Files.exists(file)) {
      return new HeartbeatFile(List.of(), 0);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot read " + file, e);
    }
    return parse(lines, clock);
  }

  /** Parses heartbeat lines. */
  public static HeartbeatFile parse(List<String> lines, BootClock clock) {
    List<Heartbeat> out = new ArrayList<>(lines.size());
    int bad = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split(" ");
      try {
        if (f.length != 4) {
          throw new NumberFormatException("expected 4 fields");
        }
        out.add(
            new Heartbeat(
                i + 1, f[0], Long.parseLong(f[1]), clock.toNanos(f[2]), Long.parseLong(f[3])));
      } catch (RuntimeException e) {
        bad++;
      }
    }
    return new HeartbeatFile(List.copyOf(out), bad);
  }

  public List<Heartbeat> beats() {
    return beats;
  }

  public int malformed() {
    return malformed;
  }
}
