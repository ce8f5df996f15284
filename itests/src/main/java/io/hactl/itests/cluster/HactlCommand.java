package io.hactl.itests.cluster;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@code hactl} command under test from the host ({@code java -jar hactl.jar ... --config
 * FILE}) with a deadline, and tells whether that jar has an agent at all.
 */
public final class HactlCommand {
  private final Path jar;
  private final Path config;
  private final ProcessRunner runner = new ProcessRunner();

  public HactlCommand(Path jar, Path config) {
    this.jar = jar;
    this.config = config;
  }

  /** Runs {@code hactl ARGS --config FILE}. */
  public ProcessResult run(Duration timeout, String... args) {
    List<String> cmd = javaJar(jar);
    cmd.addAll(List.of(args));
    cmd.add("--config");
    cmd.add(config.toString());
    return runner.run(ProcessSpec.of("hactl " + args[0], timeout, cmd));
  }

  /** {@code java -jar JAR} with the JVM running the harness. */
  static List<String> javaJar(Path jar) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    return cmd;
  }

  /**
   * Empty when {@code jar} has an {@code agent} command that takes {@code --config} and {@code
   * --node}; otherwise why not (for a test's skip message).
   */
  public static Optional<String> missingAgent(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return Optional.of("no hactl jar at " + jar + " (build the cli module first)");
    }
    List<String> cmd = javaJar(jar);
    cmd.addAll(List.of("agent", "--help"));
    ProcessResult r =
        new ProcessRunner().run(ProcessSpec.of("hactl agent --help", Duration.ofSeconds(30), cmd));
    String out = String.join("\n", r.output());
    // Only the last lines of the help are kept: --config is further up than --node and
    // --zookeeper (options are listed alphabetically), and comes with the same option group.
    if (out.contains("--node") && out.contains("--zookeeper")) {
      return Optional.empty();
    }
    return Optional.of(
        "hactl jar "
            + jar
            + " has no 'agent --config FILE --node NAME' command yet ("
            + r.describe()
            + ")");
  }
}
