package io.hactl.itests.support;

import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived child of the harness (a ZooKeeper server, a simulated BMC, an agent) whose output
 * goes to a file or, line by line, to a consumer. Stopping it is bounded: TERM, a grace, KILL. It
 * does not stop the child's own children; node processes are killed through {@link Procfs}.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String label;
  private final Process process;

  private Daemon(String label, Process process) {
    this.label = label;
    this.process = process;
  }

  /** Starts {@code command} with stdout and stderr appended to {@code log}. */
  public static Daemon toFile(
      String label, List<String> command, Map<String, String> env, Path dir, Path log) {
    ProcessBuilder b = builder(command, env, dir);
    b.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return start(label, b);
  }

  /**
   * Starts {@code command} and hands every line of its merged output to {@code lines}, on a
   * dedicated thread, as soon as it is read.
   */
  public static Daemon piped(
      String label,
      List<String> command,
      Map<String, String> env,
      Path dir,
      Consumer<String> lines) {
    Daemon d = start(label, builder(command, env, dir));
    Thread pump = new Thread(() -> d.pump(lines), "pump-" + label);
    pump.setDaemon(true);
    pump.start();
    return d;
  }

  private static ProcessBuilder builder(List<String> command, Map<String, String> env, Path dir) {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().putAll(env);
    b.directory(dir.toFile());
    b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return b;
  }

  private static Daemon start(String label, ProcessBuilder b) {
    try {
      Process p = b.start();
      LOG.info("[{} pid {}] started: {}", label, p.pid(), abbreviate(b.command()));
      return new Daemon(label, p);
    } catch (IOException e) {
      throw new HarnessException(label + ": cannot start " + b.command(), e);
    }
  }

  private static String abbreviate(List<String> command) {
    StringBuilder b = new StringBuilder();
    for (String arg : command) {
      b.append(b.length() == 0 ? "" : " ").append(arg.length() > 120 ? "..." : arg);
    }
    return b.toString();
  }

  private void pump(Consumer<String> lines) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException e) {
      LOG.debug("[{}] output closed: {}", label, e.toString());
    }
  }

  public long pid() {
    return process.pid();
  }

  public String label() {
    return label;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The child's exit status once it has exited (128 + N when killed by signal N); else empty. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Waits up to {@code timeout} for the child to exit; true when it has. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** Sends KILL and waits until the child is gone. */
  public void kill() {
    process.destroyForcibly();
    if (!awaitExit(KILL_WAIT)) {
      throw new HarnessException(label + " pid " + pid() + " survived KILL");
    }
  }

  /** TERM, up to {@code grace} for a clean exit, then KILL; true when it exited on TERM. */
  public boolean stop(Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (awaitExit(grace)) {
      return true;
    }
    LOG.warn(
        "[{} pid {}] still running {} ms after TERM, sending KILL", label, pid(), grace.toMillis());
    kill();
    return false;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(2));
  }
}
