package io.hactl.itests.campaign;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When ZooKeeper expired sessions, from its servers' logs ({@code HH:mm:ss.SSS ... Expiring session
 * 0x..., timeout of N ms exceeded}), as {@link System#nanoTime()} values of this JVM: the moment
 * another node could learn that the owner is gone. A session expires between its timeout and a tick
 * later after the server last heard from it, and the client pings only every third of it, so the
 * negotiated timeout alone misplaces that moment by up to a second either way.
 */
final class SessionExpiries {
  private static final Pattern LINE =
      Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Expiring session (0x[0-9a-f]+)");
  private static final long DAY_NANOS = 86_400_000_000_000L;

  private SessionExpiries() {}

  /** The expiries logged by the servers under {@code zkDir} (one directory per server). */
  static List<Long> read(Path zkDir) {
    List<Long> out = new ArrayList<>();
    long nowNanos = System.nanoTime();
    ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault());
    long nowOfDay = now.toLocalTime().toNanoOfDay();
    try (DirectoryStream<Path> servers = Files.newDirectoryStream(zkDir)) {
      for (Path server : servers) {
        Path log = server.resolve("server.log");
        if (!Files.isRegularFile(log)) {
          continue;
        }
        for (String line : Files.readAllLines(log)) {
          Matcher m = LINE.matcher(line);
          if (m.find()) {
            long ago = nowOfDay - LocalTime.parse(m.group(1)).toNanoOfDay();
            out.add(nowNanos - (ago < 0 ? ago + DAY_NANOS : ago));
          }
        }
      }
    } catch (IOException e) {
      // no logs: the negotiated timeout stands in for the measured detection
    }
    out.sort(Long::compare);
    return out;
  }
}
