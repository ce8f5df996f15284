package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code hactl demo}: finds the demo's own jar and runs it in a child JVM, handing it every
 * argument; the demo runs its agents from this jar. The product jar carries none of the demo's code
 * or dependencies (Quartz, H2). It waits for the demo without a deadline: the demo bounds each of
 * its own steps, and with {@code --keep} runs until Ctrl-C.
 */
@Command(
    name = "demo",
    description = {
      "Show what hactl does, on this machine alone, in under a minute: three agents,",
      "a Quartz scheduler as their service, a failover with fencing, a relocation.",
      "",
      "The demo is its own jar, hactl-demo.jar: the one $HACTL_DEMO_JAR names, else",
      "the one beside hactl.jar (an install), else the source checkout's (demo/target/).",
      "Every option is the demo's: `hactl demo --help` prints them all."
    })
final class DemoCommand implements Callable<Integer> {
  /** Environment variable naming the demo's jar explicitly. */
  static final String DEMO_JAR_ENV = "HACTL_DEMO_JAR";

  /** What a stopped demo may take to release its service and stop its nodes. */
  private static final long STOP_SECONDS = 60;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Optional<Path> self = ownJar();
    List<Path> candidates = candidates(System.getenv(DEMO_JAR_ENV), self);
    Optional<Path> jar = candidates.stream().filter(Files::isRegularFile).findFirst();
    if (jar.isEmpty()) {
      System.err.println(
          "hactl demo: the demo is not installed: no hactl-demo.jar at "
              + (candidates.isEmpty() ? "(nowhere to look)" : candidates)
              + ".\nBuild it in the source checkout with `mvn -q -B -DskipTests install`"
              + " (it writes demo/target/hactl-demo.jar), or name it in $"
              + DEMO_JAR_ENV
              + ".");
      return ExitCode.USAGE.code();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    self.ifPresent(s -> cmd.add("-Dhactl.jar=" + s));
    cmd.add("-jar");
    cmd.add(jar.get().toString());
    cmd.addAll(args);
    return run(cmd);
  }

  /**
   * Where the demo's jar may be, in order: {@code $HACTL_DEMO_JAR} alone when set, else {@code
   * hactl-demo.jar} beside this jar (an install puts both in one directory), {@code
   * demo/target/hactl-demo.jar} of the source checkout whose {@code cli/target/} holds this jar.
   */
  static List<Path> candidates(String env, Optional<Path> self) {
    if (env != null && !env.isBlank()) {
      return List.of(Path.of(env).toAbsolutePath().normalize()); // named: that one or none
    }
    Set<Path> out = new LinkedHashSet<>();
    Path dir = self.map(Path::getParent).orElse(null);
    if (dir != null) {
      out.add(dir.resolve("hactl-demo.jar"));
      if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
        out.add(dir.resolve("../../demo/target/hactl-demo.jar").normalize());
      }
    }
    return List.copyOf(out);
  }

  /** This jar, when the command runs from one (not from a build's classes). */
  private static Optional<Path> ownJar() {
    try {
      var source = DemoCommand.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path p = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
      return p.toString().endsWith(".jar") && Files.isRegularFile(p)
          ? Optional.of(p)
          : Optional.empty();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs the demo with this terminal; if this JVM is stopped (TERM), the demo is stopped too and
   * given time to release its service cleanly. Ctrl-C reaches both through the process group.
   */
  private static int run(List<String> cmd) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).inheritIO().start();
    } catch (IOException e) {
      System.err.println("hactl demo: cannot start " + String.join(" ", cmd) + ": " + e);
      return ExitCode.FAILURE.code();
    }
    Thread stop = new Thread(() -> stop(p), "demo-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(p);
      return ExitCode.FAILURE.code();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs
      }
    }
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }
}
