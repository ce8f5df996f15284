package io.hactl.demo;

import io.hactl.agent.ExitCode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the Java processes of the demo: the agents and every {@code hactl} command run
 * from the product's jar ({@code java -jar hactl.jar ...}), exactly as an operator runs them; the
 * demo scheduler runs from the demo's own code (its jar, or a build's class path in tests). It does
 * not check that the code is complete.
 *
 * @param java the {@code java} program of this process's runtime
 * @param hactlJar the product jar whose agents the demo runs
 * @param classpath this process's class path: where the demo scheduler's classes are
 */
record JavaLauncher(Path java, Path hactlJar, String classpath) {
  /** The system property naming the product jar; {@code hactl demo} sets it. */
  static final String HACTL_JAR = "hactl.jar";

  /** Small heap, serial collector, client compiler: short start-up, little memory per node. */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  static final List<String> SCHEDULER_JVM_OPTIONS =
      List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  static final String SCHEDULER_MAIN = "io.hactl.demo.scheduler.DemoScheduler";

  /**
   * The launcher of this process: the product jar from {@code -Dhactl.jar}, else {@code hactl.jar}
   * beside the demo's jar (an install), else {@code cli/target/hactl.jar} of the source checkout
   * the demo's jar was built in.
   *
   * @throws DemoException USAGE when no product jar is found, naming where it looked
   */
  static JavaLauncher current() throws DemoException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // Surefire runs tests through a manifest-only jar and names the real class path here.
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isEmpty()) {
      cp = System.getProperty("java.class.path");
    }
    return new JavaLauncher(java, findHactlJar(cp), cp);
  }

  private static Path findHactlJar(String classpath) throws DemoException {
    String named = System.getProperty(HACTL_JAR);
    if (named != null && !named.isBlank()) {
      Path jar = Path.of(named).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new DemoException(
            ExitCode.USAGE,
            "-D"
                + HACTL_JAR
                + "="
                + named
                + ": no such file; build the product jar first (mvn -q -B -DskipTests install)");
      }
      return jar;
    }
    List<Path> candidates = new ArrayList<>();
    Path own = singleJar(classpath);
    if (own != null && own.getParent() != null) {
      candidates.add(own.resolveSibling("hactl.jar"));
      candidates.add(own.getParent().resolve("../../cli/target/hactl.jar").normalize());
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    throw new DemoException(
        ExitCode.USAGE,
        "cannot find hactl.jar, the product whose agents the demo runs"
            + (candidates.isEmpty() ? "" : " (looked at " + candidates + ")")
            + "; run the demo as `hactl demo`, or give -D"
            + HACTL_JAR
            + "=PATH");
  }

  /** The jar when {@code classpath} is exactly one jar, else null. */
  private static Path singleJar(String classpath) {
    boolean single = !classpath.contains(File.pathSeparator) && classpath.endsWith(".jar");
    return single ? Path.of(classpath).toAbsolutePath().normalize() : null;
  }

  /** {@code java -jar hactl.jar ARGS}. */
  List<String> hactl(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.add("-jar");
    cmd.add(hactlJar.toString());
    cmd.addAll(args);
    return cmd;
  }

  /** The demo scheduler daemon on {@code spool}. */
  List<String> scheduler(Path spool) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(SCHEDULER_JVM_OPTIONS);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(SCHEDULER_MAIN);
    cmd.add("--spool");
    cmd.add(spool.toString());
    return cmd;
  }

  /**
   * How a person runs hactl from a shell like this one: the source checkout's {@code bin/hactl}
   * next to the product jar if there is one, else {@code java -jar JAR}.
   */
  String userCommand() {
    Path target = hactlJar.getParent();
    if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
      Path script = target.getParent().getParent().resolve("bin").resolve("hactl");
      if (Files.isExecutable(script)) {
        return script.toString();
      }
    }
    return "java -jar " + hactlJar;
  }
}
