package io.hactl.fencing.agents;

import io.hactl.files.BoundedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the secret files of a fence device at fence time: each must be a regular file readable by
 * its owner only (mode 0600 or 0400), of at most {@value #MAX_BYTES} bytes, holding one line (one
 * trailing newline is dropped). Errors name the file and the rule, never the content. Stateless.
 */
final class SecretFiles {
  static final int MAX_BYTES = 4096;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private SecretFiles() {}

  /** The values, by option, in the device's order. */
  static Map<String, String> read(Map<String, Path> files) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      String text = BoundedFile.readSecret(e.getValue(), MAX_BYTES, READ_TIMEOUT);
      String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
      value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
        throw new IOException(
            e.getValue()
                + ": a secret file must hold one line (fence agents read key=value lines)");
      }
      if (value.isEmpty()) {
        throw new IOException(e.getValue() + ": the secret file is empty");
      }
      out.put(e.getKey(), value);
    }
    return out;
  }
}
