package io.hactl.cli.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the Java processes of the demo, run from the same code as this process: the
 * hactl jar when this process was started with {@code java -jar}, else this process's class path (a
 * build's classes, in tests). It does not check that the code is complete.
 *
 * @param java the {@code java} program of this process's runtime
 * @param classpath this process's class path
 */
record JavaLauncher(Path java, String classpath) {
  /** Small heap, serial collector, client compiler: short start-up, little memory per node. */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  static final List<String> SCHEDULER_JVM_OPTIONS =
      List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  static final String HACTL_MAIN = "io.hactl.cli.Hactl";
  static final String SCHEDULER_MAIN = "io.hactl.demo.scheduler.DemoScheduler";

  /** The launcher of this process's code. */
  static JavaLauncher current() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // Surefire runs tests through a manifest-only jar and names the real class path here.
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isEmpty()) {
      cp = System.getProperty("java.class.path");
    }
    return new JavaLauncher(java, cp);
  }

  /** The hactl jar when the class path is exactly one jar. */
  Path jar() {
    boolean single = !classpath.contains(File.pathSeparator) && classpath.endsWith(".jar");
    return single ? Path.of(classpath).toAbsolutePath() : null;
  }

  /** {@code java -jar hactl.jar ARGS}, or the class-path form of it. */
  List<String> hactl(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(JVM_OPTIONS);
    if (jar() != null) {
      cmd.add("-jar");
      cmd.add(jar().toString());
    } else {
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(HACTL_MAIN);
    }
    cmd.addAll(args);
    return cmd;
  }

  /** The demo scheduler daemon on {@code spool}. */
  List<String> scheduler(Path spool) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(SCHEDULER_JVM_OPTIONS);
    cmd.add("-cp");
    cmd.add(jar() != null ? jar().toString() : classpath);
    cmd.add(SCHEDULER_MAIN);
    cmd.add("--spool");
    cmd.add(spool.toString());
    return cmd;
  }

  /**
   * How a person runs hactl from a shell like this one: the source checkout's {@code bin/hactl}
   * next to the jar if there is one, else {@code java -jar JAR}, else plain {@code hactl}.
   */
  String userCommand() {
    Path jar = jar();
    if (jar == null) {
      return "hactl";
    }
    Path target = jar.getParent();
    if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
      Path script = target.getParent().getParent().resolve("bin").resolve("hactl");
      if (Files.isExecutable(script)) {
        return script.toString();
      }
    }
    return "java -jar " + jar;
  }
}
