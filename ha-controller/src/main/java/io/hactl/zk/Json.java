package io.hactl.zk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of the small documents hactl keeps in ZooKeeper nodes. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The largest document read, checked before parsing: {@value} bytes (64 KiB). */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes {@code bytes}; a node holding garbage is reported, not ignored. */
  public static <T> T read(byte[] bytes, Class<T> type) {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new UncheckedIOException(
          "corrupt " + type.getSimpleName() + " in ZooKeeper",
          new IOException(
              bytes.length + " bytes; the limit is " + MAX_DOCUMENT_BYTES + " bytes (64 KiB)"));
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt " + type.getSimpleName() + " in ZooKeeper", e);
    }
  }
}
