package io.hactl.ocf;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child processes of the tests: one-shot commands under a deadline (output captured through a file,
 * so a daemon that inherits the output cannot block the test), and background daemons.
 */
final class Proc {
  private Proc() {}

  /** What a finished command returned and printed (stdout and stderr together). */
  record Result(List<String> command, int rc, String output) {
    String describe() {
      return String.join(" ", command) + " -> rc " + rc + "\n" + output;
    }
  }

  /**
   * Runs {@code command} with {@code env} added to this JVM's environment; kills it and fails the
   * test when it outlives {@code timeout}.
   */
  static Result run(List<String> command, Map<String, String> env, Duration timeout, Path dir) {
    try {
      Path out = Files.createTempFile(dir, "out-", ".txt");
      ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
      b.environment().putAll(env);
      b.redirectErrorStream(true).redirectOutput(out.toFile());
      b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = b.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(
            String.join(" ", command) + " did not finish within " + timeout + ":\n" + read(out));
      }
      String text = read(out);
      Files.delete(out);
      return new Result(command, p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Starts {@code command} in the background, stdout and stderr into {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path log) {
    try {
      ProcessBuilder b = new ProcessBuilder(command).directory(log.getParent().toFile());
      b.environment().putAll(env);
      b.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** TERM, up to {@code grace} to exit, then KILL; waits for the process to be gone. */
  static void stop(Process p, Duration grace) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
