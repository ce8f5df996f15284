package io.hactl.itests.support;

import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness finds what it runs: the classpath for ZooKeeper servers and the hactl jar under
 * test. What the machine offers (root, programs, namespaces) is the test kit's {@link
 * io.hactl.testkit.support.Host}.
 */
public final class Environment {
  private Environment() {}

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

  /**
   * The demo jar (the Quartz demo scheduler with its libraries), from {@code -Dhactl.demoJar}: what
   * a test gives {@code ocf:hactl:quartz-demo} as its classpath. The product jar does not carry the
   * scheduler.
   */
  public static Path demoJar() {
    return Path.of(System.getProperty("hactl.demoJar", "../demo/target/hactl-demo.jar"))
        .toAbsolutePath();
  }

  /** The hactl jar under test, from {@code -Dhactl.jar}. */
  public static Path hactlJar() {
    return Path.of(System.getProperty("hactl.jar", "../cli/target/hactl.jar")).toAbsolutePath();
  }
}
