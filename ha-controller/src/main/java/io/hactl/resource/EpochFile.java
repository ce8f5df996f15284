package io.hactl.resource;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import io.hactl.resource.ActionGuard.RevokedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and writes the epoch file {@code .hactl-epoch} in a freshly mounted spool (DESIGN rule 7):
 * a start is refused when the spool belongs to another cluster or was already used by a newer
 * owner, which means this node is a stale owner. The file is read and written by child processes
 * launched through the term's guard with a deadline, so a hung spool never hangs an agent thread;
 * values reach the shell as positional arguments, never inside the script; every wait runs on the
 * guard's runner's clock. The write is atomic (temporary file, fsync, rename). This detects a stale
 * owner; it does not prevent two writers racing, which fencing does.
 */
public final class EpochFile {
  private static final Logger LOG = LoggerFactory.getLogger(EpochFile.class);

  /** Name of the file in the spool. */
  public static final String NAME = ".hactl-epoch";

  private static final String ABSENT = "#hactl-epoch-absent";
  private static final String END = "#hactl-epoch-end";
  private static final Duration POLL = Duration.ofMillis(5);

  /** $1 = dir. Prints the file between nothing and END, or ABSENT. */
  private static final String READ =
      "f=\"$1/"
          + NAME
          + "\"\n"
          + "if [ ! -e \"$f\" ]; then echo '"
          + ABSENT
          + "'; exit 0; fi\n"
          + "cat -- \"$f\" || exit 1\n"
          + "echo\n"
          + "echo '"
          + END
          + "'\n";

  /** $1 = dir, $2 = cluster id, $3 = epoch. */
  private static final String WRITE =
      "set -e\n"
          + "f=\"$1/"
          + NAME
          + "\"\n"
          + "tmp=\"$f.tmp.$$\"\n"
          + "trap 'rm -f -- \"$tmp\"' EXIT\n"
          + "printf 'cluster=%s\\nepoch=%s\\n' \"$2\" \"$3\" > \"$tmp\"\n"
          + "sync -- \"$tmp\"\n"
          + "mv -f -- \"$tmp\" \"$f\"\n"
          + "sync -- \"$1\"\n";

  private EpochFile() {}

  /** What a spool's epoch file said. */
  record Stored(String cluster, long epoch) {}

  /**
   * Reads {@code dir/.hactl-epoch}; refuses when it names another cluster or an epoch greater than
   * {@code epoch}; otherwise (absent, equal or smaller) writes {@code clusterId} and {@code epoch}
   * into it. Both steps share {@code timeout}.
   *
   * @throws ResourceException with an operator message when refused, revoked, unreadable or timed
   *     out
   */
  public static void writeChecked(
      ActionGuard guard, Path dir, String clusterId, long epoch, Duration timeout)
      throws ResourceException {
    String who = dir + "/" + NAME;
    Deadline deadline = Deadline.after(guard.runner().ticker(), timeout);
    Optional<Stored> stored = read(guard, dir, who, deadline);
    if (stored.isPresent()) {
      check(stored.get(), who, clusterId, epoch);
    }
    ProcessSpec write =
        spec(
            "epoch write",
            deadline,
            List.of("sh", "-c", WRITE, "sh", dir.toString(), clusterId, Long.toString(epoch)));
    ProcessResult r = run(guard, write, who);
    if (!r.succeeded()) {
      throw new ResourceException(who, "cannot write the epoch file: " + r.describe());
    }
    LOG.info(
        "{}: epoch {} of cluster {} written (was {})",
        who,
        epoch,
        clusterId,
        stored.map(s -> Long.toString(s.epoch())).orElse("absent"));
  }

  private static void check(Stored stored, String who, String clusterId, long epoch)
      throws ResourceException {
    if (!stored.cluster().equals(clusterId)) {
      throw new ResourceException(
          who,
          "this spool belongs to cluster '"
              + stored.cluster()
              + "', not '"
              + clusterId
              + "': refusing to start. Check the device of this resource; remove the file only"
              + " if the other cluster no longer uses this spool");
    }
    if (stored.epoch() > epoch) {
      throw new ResourceException(
          who,
          "a newer owner (epoch "
              + stored.epoch()
              + ") has used this spool; our epoch is "
              + epoch
              + ": this node is a stale owner, refusing to start");
    }
  }

  private static Optional<Stored> read(ActionGuard guard, Path dir, String who, Deadline deadline)
      throws ResourceException {
    ProcessSpec spec =
        spec("epoch read", deadline, List.of("sh", "-c", READ, "sh", dir.toString()));
    RunningProcess p = launch(guard, spec, who);
    List<String> lines = awaitOutput(guard, p, spec, deadline, who);
    if (lines.contains(ABSENT)) {
      return Optional.empty();
    }
    return Optional.of(parse(lines, who));
  }

  /** Parses {@code cluster=ID} and {@code epoch=N} lines; anything else there is refused. */
  static Stored parse(List<String> lines, String who) throws ResourceException {
    String cluster = null;
    OptionalLong epoch = OptionalLong.empty();
    for (String line : lines) {
      if (line.startsWith("cluster=")) {
        cluster = line.substring("cluster=".length()).strip();
      } else if (line.startsWith("epoch=")) {
        try {
          epoch = OptionalLong.of(Long.parseLong(line.substring("epoch=".length()).strip()));
        } catch (NumberFormatException e) {
          epoch = OptionalLong.empty();
        }
      }
    }
    if (cluster == null || cluster.isEmpty() || epoch.isEmpty()) {
      throw new ResourceException(
          who,
          "the epoch file is unreadable (expected cluster=ID and epoch=N, got "
              + lines
              + "): refusing to start. Find out which cluster uses this spool, then fix or"
              + " remove the file");
    }
    return new Stored(cluster, epoch.getAsLong());
  }

  private static ProcessSpec spec(String label, Deadline deadline, List<String> command) {
    return new ProcessSpec(
        label, command, Map.of(), null, null, deadline.remaining(), Duration.ZERO);
  }

  private static RunningProcess launch(ActionGuard guard, ProcessSpec spec, String who)
      throws ResourceException {
    try {
      return guard.launch(spec);
    } catch (RevokedException e) {
      throw new ResourceException(who, e.getMessage(), e);
    } catch (IOException e) {
      throw new ResourceException(who, spec.label() + ": cannot start: " + e.getMessage(), e);
    }
  }

  private static ProcessResult run(ActionGuard guard, ProcessSpec spec, String who)
      throws ResourceException {
    try {
      return guard.run(spec);
    } catch (RevokedException e) {
      throw new ResourceException(who, e.getMessage(), e);
    }
  }

  /**
   * Waits for the reader to exit 0 and for its last line (ABSENT or END) to reach the output tail,
   * which the output pump fills on its own thread; returns the lines before it.
   */
  private static List<String> awaitOutput(
      ActionGuard guard, RunningProcess p, ProcessSpec spec, Deadline deadline, String who)
      throws ResourceException {
    try {
      Optional<Integer> code = p.await(deadline.remaining());
      if (code.isEmpty()) {
        p.terminate(Duration.ZERO, Duration.ofMillis(100));
        throw new ResourceException(
            who, "reading the epoch file timed out after " + p.elapsed().toMillis() + " ms");
      }
      if (code.get() != 0) {
        throw new ResourceException(
            who,
            "cannot read the epoch file: " + spec.label() + " exit " + code.get() + " " + p.tail());
      }
      while (true) {
        List<String> tail = p.tail();
        if (tail.contains(ABSENT) || tail.contains(END)) {
          return tail;
        }
        if (deadline.expired()) {
          throw new ResourceException(who, "the epoch file reader's output did not arrive in time");
        }
        guard.runner().sleeper().sleep(POLL);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResourceException(who, "interrupted while reading the epoch file", e);
    }
  }
}
