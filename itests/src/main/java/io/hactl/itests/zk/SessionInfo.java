package io.hactl.itests.zk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection as a ZooKeeper server lists it in its {@code cons} answer: the client's
 * address and the session timeout the server negotiated with it.
 *
 * @param clientAddress the client's IP address
 * @param sessionId the session id, hex as printed by the server
 * @param negotiated the negotiated session timeout
 */
public record SessionInfo(String clientAddress, String sessionId, Duration negotiated) {
  private static final Pattern LINE =
      Pattern.compile("^\\s*/([0-9a-fA-F.:]+):\\d+\\[\\d+\\]\\((.*)\\)\\s*$");
  private static final Pattern SID = Pattern.compile("(?:^|,)sid=(0x[0-9a-fA-F]+)");
  private static final Pattern TO = Pattern.compile("(?:^|,)to=(\\d+)");

  /** Parses every line of a {@code cons} answer that carries a session (not the asker's own). */
  public static List<SessionInfo> parseCons(String cons) {
    List<SessionInfo> out = new ArrayList<>();
    for (String line : cons.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Matcher sid = SID.matcher(m.group(2));
      Matcher to = TO.matcher(m.group(2));
      if (sid.find() && to.find()) {
        out.add(
            new SessionInfo(
                m.group(1), sid.group(1), Duration.ofMillis(Long.parseLong(to.group(1)))));
      }
    }
    return out;
  }
}
