package io.hactl.ocf;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A private munged (Slurm's authentication daemon) in the foreground, as user munge, with its
 * socket in a directory of mode 711 owned by munge and a key of its own: it neither needs nor
 * disturbs a munged of the host.
 */
final class Munge implements AutoCloseable {
  private final Path socket;
  private final Process process;

  private Munge(Path socket, Process process) {
    this.socket = socket;
    this.process = process;
  }

  /** Skips the test unless root and munge are available. */
  static void skipUnlessAvailable() {
    Skip.unlessRoot();
    Skip.unlessPrograms("munged", "runuser", "chown");
  }

  static Munge start(Path dir) {
    try {
      Path home = dir.resolve("munge");
      Files.createDirectories(home);
      Path key = home.resolve("munge.key");
      byte[] random = new byte[1024];
      new java.security.SecureRandom().nextBytes(random);
      Files.write(key, random);
      Path socketDir = home.resolve("socket");
      Files.createDirectories(socketDir);
      run(List.of("chown", "-R", "munge:munge", home.toString()), dir);
      run(List.of("chmod", "711", home.toString()), dir);
      run(List.of("chmod", "711", socketDir.toString()), dir);
      run(List.of("chmod", "600", key.toString()), dir);
      Path socket = socketDir.resolve("munge.socket");
      Process p =
          Proc.start(
              List.of(
                  "runuser",
                  "-u",
                  "munge",
                  "--",
                  "munged",
                  "-F",
                  "--socket=" + socket,
                  "--key-file=" + key,
                  "--pid-file=" + home.resolve("munged.pid"),
                  "--log-file=" + home.resolve("munged.log"),
                  "--seed-file=" + home.resolve("seed")),
              Map.of(),
              dir.resolve("munged.out"));
      Munge m = new Munge(socket, p);
      await("munged socket " + socket)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError(
                      "munged exited "
                          + p.exitValue()
                          + ":\n"
                          + Proc.read(dir.resolve("munged.out"))
                          + Proc.read(home.resolve("munged.log")));
                }
                return Files.exists(socket);
              });
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up munge in " + dir, e);
    }
  }

  private static void run(List<String> cmd, Path dir) {
    Proc.Result r = Proc.run(cmd, Map.of(), Duration.ofSeconds(10), dir);
    if (r.rc() != 0) {
      throw new AssertionError(r.describe());
    }
  }

  Path socket() {
    return socket;
  }

  @Override
  public void close() {
    Proc.stop(process, Duration.ofSeconds(5));
  }
}
