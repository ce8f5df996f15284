package io.hactl.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this machine offers the harness: root, programs on the PATH, network namespaces, the
 * classpath for ZooKeeper servers, and the hactl jar under test. Each check returns a reason when
 * something is missing, so that tests can skip with that reason and scripts can print it.
 */
public final class Environment {
  private Environment() {}

  /** Empty when we run as root; otherwise why not. */
  public static Optional<String> missingRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String euid = line.split("\\s+")[2];
          return euid.equals("0") ? Optional.empty() : Optional.of("not root (euid " + euid + ")");
        }
      }
    } catch (IOException e) {
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

  /**
   * The classpath for ZooKeeper server JVMs: the file named by {@code hx.classpathFile} (written by
   * the build), else this JVM's own classpath when it holds ZooKeeper.
   */
  public static String zookeeperClasspath() {
    String file = System.getProperty("hx.classpathFile");
    if (file != null && Files.isReadable(Path.of(file))) {
      try {
        return Files.readString(Path.of(file)).trim();
      } catch (IOException e) {
        throw new HarnessException("cannot read " + file, e);
      }
    }
    String own = System.getProperty("java.class.path", "");
    if (own.contains("zookeeper")) {
      return own;
    }
    throw new HarnessException(
        "no ZooKeeper classpath: set -Dhx.classpathFile (mvn writes itests/target/runtime.classpath)");
  }

  /** The hactl jar under test, from {@code -Dhactl.jar}. */
  public static Path hactlJar() {
    return Path.of(System.getProperty("hactl.jar", "../cli/target/hactl.jar")).toAbsolutePath();
  }
}
