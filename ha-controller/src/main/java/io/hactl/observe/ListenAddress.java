package io.hactl.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the agent's observation listener binds: an IP literal and a port ({@code 127.0.0.1:9464},
 * {@code [::1]:9464}, {@code 10.0.0.5:0} for any free port), or {@code none}. Host names are
 * refused so that parsing never waits on DNS.
 */
public final class ListenAddress {
  /** The default: loopback only, Prometheus' conventional port range. */
  public static final String DEFAULT = "127.0.0.1:9464";

  private static final Pattern V4 = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");
  private static final Pattern V6 = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})]:(\\d{1,5})");

  private ListenAddress() {}

  /**
   * Parses {@code text}; empty for {@code none}.
   *
   * @param what the option or field named in errors
   * @throws IllegalArgumentException naming {@code what}, the value and the accepted forms
   */
  public static Optional<InetSocketAddress> parse(String what, String text) {
    if (text == null || text.isBlank()) {
      throw bad(what, text, "is empty");
    }
    if (text.equals("none")) {
      return Optional.empty();
    }
    Matcher m = V4.matcher(text);
    if (!m.matches()) {
      m = V6.matcher(text);
      if (!m.matches()) {
        throw bad(what, text, "is not IP:PORT");
      }
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65535) {
      throw bad(what, text, "has a port above 65535");
    }
    try {
      InetAddress ip = InetAddress.getByName(m.group(1)); // a literal: no lookup
      return Optional.of(new InetSocketAddress(ip, port));
    } catch (UnknownHostException e) {
      throw bad(what, text, "is not a valid IP address");
    }
  }

  private static IllegalArgumentException bad(String what, String text, String why) {
    return new IllegalArgumentException(
        what
            + ": '"
            + text
            + "' "
            + why
            + "; give an IP address and a port such as "
            + DEFAULT
            + " (loopback), 0.0.0.0:9464 (every interface), [::1]:9464, or none");
  }
}
