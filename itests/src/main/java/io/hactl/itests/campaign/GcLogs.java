package io.hactl.itests.campaign;

import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worst pauses in the unified JVM logs ({@code -Xlog:gc,safepoint}) of a directory: GC pauses
 * ({@code Pause Young ... 3.456ms}) and safepoints ({@code Total: 123456 ns}, time to reach the
 * safepoint included), each with how many were seen, counting only lines stamped ({@code -Xlog:...:
 * time}) at or after a given instant.
 *
 * @param gcCount GC pauses seen
 * @param gcMaxMs longest GC pause
 * @param safepointCount safepoints seen
 * @param safepointMaxMs longest safepoint, from the request to the end
 * @param files log files read
 */
record GcLogs(long gcCount, double gcMaxMs, long safepointCount, double safepointMaxMs, int files) {
  private static final Pattern PAUSE = Pattern.compile("\\bPause .* (\\d+(?:\\.\\d+)?)ms\\s*$");
  private static final Pattern SAFEPOINT = Pattern.compile("\\bTotal: (\\d+) ns");
  private static final Pattern STAMP = Pattern.compile("^\\[([0-9T:.+-]+)\\]");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  static GcLogs read(Path dir, Instant since) {
    List<Path> logs;
    try (var s = Files.list(dir)) {
      logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
    } catch (IOException e) {
      throw new HarnessException("cannot list " + dir, e);
    }
    long gc = 0;
    double gcMax = 0;
    long sp = 0;
    double spMax = 0;
    for (Path p : logs) {
      List<String> lines;
      try {
        lines = Files.readAllLines(p);
      } catch (IOException e) {
        throw new HarnessException("cannot read " + p, e);
      }
      for (String l : lines) {
        if (!stampedSince(l, since)) {
          continue;
        }
        Matcher m = PAUSE.matcher(l);
        if (m.find()) {
          gc++;
          gcMax = Math.max(gcMax, Double.parseDouble(m.group(1)));
        }
        m = SAFEPOINT.matcher(l);
        if (m.find()) {
          sp++;
          spMax = Math.max(spMax, Long.parseLong(m.group(1)) / 1e6);
        }
      }
    }
    return new GcLogs(gc, gcMax, sp, spMax, logs.size());
  }

  private static boolean stampedSince(String line, Instant since) {
    Matcher m = STAMP.matcher(line);
    if (!m.find()) {
      return false;
    }
    try {
      return !OffsetDateTime.parse(m.group(1), TIME).toInstant().isBefore(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  String gcSummary() {
    return String.format("%.1f ms (n=%d pauses in %d logs)", gcMaxMs, gcCount, files);
  }

  String safepointSummary() {
    return String.format("%.1f ms (n=%d safepoints)", safepointMaxMs, safepointCount);
  }
}
