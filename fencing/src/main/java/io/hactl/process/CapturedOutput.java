package io.hactl.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program whose whole standard output is wanted (an agent's metadata), under a deadline and
 * with the output cut at a byte limit: the program's stdout goes through {@code head -c} into a
 * private temporary file, so that a program printing forever cannot fill memory or disk, and its
 * exit status goes to a second file. Arguments are positional parameters of the shell, never text
 * of its script. Stateless.
 */
public final class CapturedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(CapturedOutput.class);

  private CapturedOutput() {}

  /**
   * The stdout of {@code program args...}, as UTF-8.
   *
   * @throws IOException when the run fails, times out, exits non-zero or prints more than {@code
   *     maxBytes}; the message says which, without naming the program (the caller does)
   */
  public static String run(
      ProcessRunner runner,
      String label,
      Path program,
      List<String> args,
      Map<String, String> environment,
      int maxBytes,
      Duration timeout)
      throws IOException {
    Path dir = Files.createTempDirectory("hactl-capture-");
    try {
      Path out = dir.resolve("stdout");
      Path status = dir.resolve("status");
      String script =
          "o=$1; s=$2; shift 2; { \"$0\" \"$@\"; echo $? > \"$s\"; } | head -c "
              + (maxBytes + 1)
              + " > \"$o\"";
      List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script));
      command.add(program.toString());
      command.add(out.toString());
      command.add(status.toString());
      command.addAll(args);
      ProcessResult r =
          runner.run(
              new ProcessSpec(
                  label, command, environment, null, null, timeout, Duration.ofMillis(200)));
      if (!r.succeeded()) {
        throw new IOException(r.describe());
      }
      if (Files.size(out) > maxBytes) {
        throw new IOException("printed more than " + maxBytes + " bytes");
      }
      String code = Files.exists(status) ? Files.readString(status).trim() : "?";
      if (!code.equals("0")) {
        throw new IOException("exited with status " + code);
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", dir, e.toString());
    }
  }
}
