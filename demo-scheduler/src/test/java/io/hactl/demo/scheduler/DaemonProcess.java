package io.hactl.demo.scheduler;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A demo scheduler running as a child JVM on the test's classpath, its output in a file. */
final class DaemonProcess implements AutoCloseable {
  private static final Pattern STARTED =
      Pattern.compile("started: .* in (\\d+) ms \\(JVM up (\\d+) ms\\)");

  private final String node;
  private final Process process;
  private final Path log;
  private final long spawnedAt = System.nanoTime();

  private DaemonProcess(String node, Process process, Path log) {
    this.node = node;
    this.process = process;
    this.log = log;
  }

  static DaemonProcess start(Path spool, String node, long epoch, Path logDir, String... extra)
      throws IOException {
    Path log = logDir.resolve(node + "-epoch" + epoch + ".log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DemoScheduler.class.getName(),
                "--spool",
                spool.toString(),
                "--lock-wait",
                "5s"));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put(DemoOptions.ENV_NODE, node);
    builder.environment().put(DemoOptions.ENV_EPOCH, Long.toString(epoch));
    return new DaemonProcess(node, builder.start(), log);
  }

  /**
   * Waits for the start line; returns {time from spawn to the line being seen, the daemon's own
   * start time, its JVM uptime at the line}, in milliseconds.
   */
  long[] awaitStarted(Duration atMost) {
    long[] figures = new long[3];
    await("start line of " + node + " in " + log)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              Matcher m = STARTED.matcher(output());
              if (!m.find()) {
                if (!process.isAlive()) {
                  throw new AssertionError(
                      node + " exited " + process.exitValue() + ":\n" + output());
                }
                return false;
              }
              figures[0] = (System.nanoTime() - spawnedAt) / 1_000_000;
              figures[1] = Long.parseLong(m.group(1));
              figures[2] = Long.parseLong(m.group(2));
              return true;
            });
    return figures;
  }

  /** SIGKILL, as a crashed node or a fence leaves it; waits for the process to be gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError(node + " survived SIGKILL");
    }
  }

  /** SIGTERM, as a planned relocation stops it; returns the exit status. */
  int terminate(Duration atMost) throws InterruptedException {
    long t0 = System.nanoTime();
    process.destroy();
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          node + " did not exit within " + atMost + " of SIGTERM:\n" + output());
    }
    System.out.printf(
        "%s: exited %d, %d ms after SIGTERM%n",
        node, process.exitValue(), (System.nanoTime() - t0) / 1_000_000);
    return process.exitValue();
  }

  /** Lines the daemon logged at ERROR level. */
  List<String> errors() {
    return output().lines().filter(l -> l.contains(" ERROR ")).toList();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
