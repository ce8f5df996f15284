package io.hactl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.zk.ZkLayout;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * The fence devices that fail the agents' periodic check, for {@code hactl status}: each agent
 * publishes its failing devices in {@code ROOT/readiness/NODE}. Read as hostile data: at most
 * {@value #MAX_BYTES} bytes per znode and {@value #MAX_ROWS} rows, each field cut short; an
 * unreadable znode is named, not trusted.
 */
final class FenceReadinessView {
  private static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_ROWS = 50;
  private static final int MAX_FIELD = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private FenceReadinessView() {}

  /** The section, or "" when every checked device passed (or no agent checked yet). */
  static String render(CuratorFramework client, ZkLayout layout) throws Exception {
    StringBuilder out = new StringBuilder();
    int rows = 0;
    for (String agent : ClusterSnapshot.children(client, layout.readiness())) {
      byte[] data;
      try {
        data = client.getData().forPath(layout.readiness(agent));
      } catch (KeeperException.NoNodeException e) {
        continue; // that agent just left
      }
      try {
        JsonNode list = data == null || data.length > MAX_BYTES ? null : JSON.readTree(data);
        if (list == null || !list.isArray()) {
          throw new IOException("not a list");
        }
        for (JsonNode f : list) {
          if (rows++ < MAX_ROWS) {
            out.append(
                String.format(
                    "  %s (%s), checked by %s, failing since %s: %s%n",
                    field(f, "device"),
                    field(f, "agent"),
                    cut(agent),
                    TIME.format(Instant.ofEpochMilli(f.path("sinceMillis").asLong())),
                    field(f, "detail")));
          }
        }
      } catch (IOException e) {
        out.append("  ").append(layout.readiness(agent)).append(": unreadable, ignored\n");
      }
    }
    if (out.length() == 0) {
      return "";
    }
    if (rows > MAX_ROWS) {
      out.append("  ... and ").append(rows - MAX_ROWS).append(" more\n");
    }
    return String.format(
        "%nFENCE DEVICES FAILING THEIR CHECK (hactl fence test NODE to retry)%n%s", out);
  }

  private static String field(JsonNode f, String name) {
    return cut(f.path(name).asText("?"));
  }

  private static String cut(String s) {
    String one = s.replaceAll("[\\p{Cntrl}]", " ");
    return one.length() <= MAX_FIELD ? one : one.substring(0, MAX_FIELD) + "...";
  }
}
