package io.hactl.itests.slurm;

import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.RunContext;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Shell;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The run's own munged, with a fresh key, serving every node of the run through one socket under
 * {@link SlurmDirs#mungeDir} (all nodes see the host's file system, so this is the same as one
 * munged per node sharing the key). It runs as the munge user, as munged insists, and never touches
 * the machine's own munge key or socket.
 */
public final class Munge implements AutoCloseable {
  private final Daemon daemon;

  private Munge(Daemon daemon) {
    this.daemon = daemon;
  }

  /** Writes the key, starts munged and waits until its socket exists. */
  public static Munge start(SlurmDirs d, RunContext run) {
    Path dir = d.mungeDir();
    Path key = dir.resolve("munge.key");
    Shell sh = new Shell(Duration.ofSeconds(10));
    try {
      Files.createDirectories(dir.resolve("sock"));
      Files.createDirectories(dir.resolve("lib"));
      byte[] k = new byte[128];
      new SecureRandom().nextBytes(k);
      Files.write(key, k);
    } catch (IOException e) {
      throw new HarnessException("cannot prepare munge in " + dir, e);
    }
    sh.run("chown", "-R", "munge:munge", dir.toString());
    sh.run("chmod", "0600", key.toString());
    sh.run("chmod", "0711", dir.resolve("sock").toString());
    List<String> cmd =
        List.of(
            "setpriv",
            "--reuid=munge",
            "--regid=munge",
            "--init-groups",
            "munged",
            "--foreground",
            "--num-threads=10",
            "--socket=" + d.mungeSocket(),
            "--key-file=" + key,
            "--log-file=" + dir.resolve("munged.log"),
            "--pid-file=" + dir.resolve("sock/munged.pid"),
            "--seed-file=" + dir.resolve("lib/munged.seed"));
    Daemon m = Daemon.toFile("munged", cmd, Map.of(), dir, dir.resolve("munged.out"));
    run.janitor().process(run.id(), m.pid(), d.mungeSocket().toString());
    Munge munge = run.closeLater("munged", new Munge(m));
    Waits.until(
        "munged's socket " + d.mungeSocket(),
        Duration.ofSeconds(20),
        Duration.ofMillis(50),
        () -> {
          if (!m.alive()) {
            throw new HarnessException("munged exited; see " + dir.resolve("munged.log"));
          }
          return Files.exists(d.mungeSocket());
        });
    return munge;
  }

  @Override
  public void close() {
    daemon.stop(Duration.ofSeconds(2));
  }
}
