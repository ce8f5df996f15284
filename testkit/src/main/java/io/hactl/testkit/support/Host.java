package io.hactl.testkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this machine offers a test or the demo: root, programs on the PATH, network and mount
 * namespaces. Each check returns a reason when something is missing, so that tests can skip with
 * that reason and programs can print it. It does not check that the kernel lets us use what is
 * installed: the first use fails loudly if it does not.
 */
public final class Host {
  private Host() {}

  /** Empty when we run as root (effective user id 0); otherwise why not. */
  public static Optional<String> missingRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String euid = line.split("\\s+")[2];
          return euid.equals("0") ? Optional.empty() : Optional.of("not root (euid " + euid + ")");
        }
      }
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return Optional.of("cannot read /proc/self/status: " + e.getMessage());
    }
    return Optional.of("no Uid line in /proc/self/status");
  }

  /** Empty when every program is on the PATH; otherwise the missing ones. */
  public static Optional<String> missingPrograms(String... programs) {
    List<String> missing = new ArrayList<>();
    for (String p : programs) {
      if (which(p).isEmpty()) {
        missing.add(p);
      }
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("missing program(s): " + String.join(", ", missing));
  }

  /** The absolute path of {@code program} on the PATH (plus the sbin directories). */
  public static Optional<Path> which(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Empty when network and mount namespaces can be used; otherwise why not. */
  public static Optional<String> missingNamespaces() {
    return missingRoot().or(() -> missingPrograms("ip", "unshare", "iptables"));
  }

  /** Empty when private mount namespaces can be made ({@code unshare -m}); otherwise why not. */
  public static Optional<String> missingMountNamespaces() {
    return missingRoot().or(() -> missingPrograms("unshare", "mount", "umount"));
  }
}
