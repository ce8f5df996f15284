package io.hactl.zk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.ownership.Breadcrumb;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reads hactl's JSON documents from ZooKeeper as hostile data: the size is checked before parsing
 * ({@link Json#MAX_DOCUMENT_BYTES}), the JSON must decode into the type, and the fields every
 * reader relies on must be present. A bad node comes back as {@link Checked.Corrupt} naming the
 * path and the problem; it never throws for the content. It does not judge whether a valid value is
 * plausible (an owner that is not a configured node, say): that is the caller's business.
 */
public final class CheckedReader {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  /** The fields a document must have, by type: a problem, or null when fine. */
  private static final Map<Class<?>, Function<Object, String>> REQUIRED =
      Map.of(
          ServiceRequest.class,
          o -> {
            ServiceRequest r = (ServiceRequest) o;
            if (r.kind() == null) {
              return "no kind";
            }
            return r.deadlineMillis() <= 0 ? "no deadline (deadlineMillis)" : null;
          },
          Breadcrumb.class,
          o -> ((Breadcrumb) o).clusterId() == null ? "no clusterId" : null,
          Ban.class,
          o -> ((Ban) o).untilMillis() <= 0 ? "no expiry (untilMillis)" : null);

  private CheckedReader() {}

  /** The node at {@code path} decoded as {@code type}; empty when the node does not exist. */
  public static <T> Optional<Checked<T>> read(CuratorFramework client, String path, Class<T> type)
      throws Exception {
    return read(client, path, type, v -> null);
  }

  /**
   * Like {@link #read(CuratorFramework, String, Class)}, with {@code check} naming what a decoded
   * value lacks (null when it is fine), for types this package does not know.
   */
  public static <T> Optional<Checked<T>> read(
      CuratorFramework client, String path, Class<T> type, Function<T, String> check)
      throws Exception {
    Stat stat = new Stat();
    byte[] data;
    try {
      data = client.getData().storingStatIn(stat).forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    return Optional.of(decode(path, stat.getMzxid(), data, type, check));
  }

  /** Decodes {@code data}, read from {@code path}, as {@code type}. */
  public static <T> Checked<T> decode(String path, long mzxid, byte[] data, Class<T> type) {
    return decode(path, mzxid, data, type, v -> null);
  }

  /** Decodes {@code data} as {@code type}, then applies {@code check}. */
  public static <T> Checked<T> decode(
      String path, long mzxid, byte[] data, Class<T> type, Function<T, String> check) {
    if (data == null || data.length == 0) {
      return new Checked.Corrupt<>(path, mzxid, "empty, expected a " + type.getSimpleName());
    }
    if (data.length > Json.MAX_DOCUMENT_BYTES) {
      return new Checked.Corrupt<>(
          path,
          mzxid,
          data.length + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES + " bytes (64 KiB)");
    }
    T value;
    try {
      value = MAPPER.readValue(data, type);
    } catch (IOException | RuntimeException e) {
      return new Checked.Corrupt<>(
          path, mzxid, "not a valid " + type.getSimpleName() + " document (" + reason(e) + ")");
    }
    if (value == null) {
      return new Checked.Corrupt<>(path, mzxid, "null, expected a " + type.getSimpleName());
    }
    String missing = REQUIRED.getOrDefault(type, o -> null).apply(value);
    missing = missing != null ? missing : check.apply(value);
    if (missing != null) {
      return new Checked.Corrupt<>(path, mzxid, type.getSimpleName() + ": " + missing);
    }
    return new Checked.Valid<>(path, mzxid, value);
  }

  /** The first line of the parser's complaint, without the (hostile) content it quotes. */
  private static String reason(Exception e) {
    String m = String.valueOf(e.getMessage());
    int cut = m.indexOf('\n');
    m = cut < 0 ? m : m.substring(0, cut);
    int quoted = m.indexOf(" ('");
    m = quoted > 0 ? m.substring(0, quoted) : m; // the quoted character is the content's
    int quote = m.indexOf(": was expecting");
    m = m.length() > 160 ? m.substring(0, 160) + "..." : m;
    return quote > 0 && quote < 160 ? m.substring(0, quote) : m;
  }
}
