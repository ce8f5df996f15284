package io.hactl.cli;

import io.hactl.config.NodeConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Guesses whether a configured node is the machine this command runs on: its name or address is
 * this host's name, or its address (an IP literal) is on one of this machine's interfaces. It never
 * resolves names (no DNS call that could hang), so a node known only by a name that differs from
 * the host name is not recognised. A hint for warnings, not a safety check.
 */
final class LocalMachine {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]+");

  private LocalMachine() {}

  static boolean is(NodeConfig node) {
    String host = hostName();
    if (host != null && (matches(host, node.name()) || matches(host, node.address()))) {
      return true;
    }
    return IP_LITERAL.matcher(node.address()).matches() && onThisMachine(node.address());
  }

  private static boolean matches(String host, String name) {
    String h = host.toLowerCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT);
    return h.equals(n) || h.startsWith(n + ".") || n.startsWith(h + ".");
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h.strip();
    }
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).strip();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static boolean onThisMachine(String literal) {
    try {
      InetAddress a = InetAddress.getByName(literal); // a literal: no lookup
      if (a.isLoopbackAddress()) {
        return false; // every test node on one machine says 127.0.0.1: no conclusion
      }
      for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (Collections.list(i.getInetAddresses()).contains(a)) {
          return true;
        }
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return false;
  }
}
