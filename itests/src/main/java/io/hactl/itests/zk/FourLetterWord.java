package io.hactl.itests.zk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a ZooKeeper server one of its four-letter-word questions ({@code srvr}, {@code cons}) over a
 * plain socket, with a deadline. It does not retry: an empty answer means the server did not answer
 * in time, which callers treat as "down or not serving".
 */
public final class FourLetterWord {
  private FourLetterWord() {}

  /** The server's answer, or empty when it could not be reached or did not answer in time. */
  public static Optional<String> ask(String host, int port, String word, Duration timeout) {
    int ms = (int) Math.max(1, timeout.toMillis());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), ms);
      s.setSoTimeout(ms);
      s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return Optional.of(readAll(s.getInputStream()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The {@code Mode:} line of a {@code srvr} answer: leader, follower, standalone; or empty. */
  public static Optional<String> mode(String srvr) {
    for (String line : srvr.split("\n")) {
      if (line.startsWith("Mode:")) {
        return Optional.of(line.substring(5).trim());
      }
    }
    return Optional.empty();
  }
}
