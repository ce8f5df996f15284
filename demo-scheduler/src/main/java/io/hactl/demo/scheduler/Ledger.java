package io.hactl.demo.scheduler;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file in the spool where every firing leaves one line, each written with a single
 * write and forced to storage (fsync) before {@link #record} returns. It remembers which firings it
 * holds (those it found at open and those it wrote), so a firing that Quartz re-runs after a crash
 * is not written twice. It does not guard against a second live writer: another process has its own
 * memory, and its duplicates reach the file, where {@link LedgerCheck} finds them. Thread-safe.
 */
final class Ledger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

  private final Path file;
  private final FileOutputStream out;
  private final Set<String> recorded;
  private long suppressed;

  private Ledger(Path file, FileOutputStream out, Set<String> recorded) {
    this.file = file;
    this.out = out;
    this.recorded = recorded;
  }

  /**
   * Opens (or creates) the ledger for a scheduler running with {@code epoch}.
   *
   * @throws DemoSchedulerException if the file cannot be read or written, or if it already holds a
   *     firing of a higher epoch: this scheduler would be a stale owner
   */
  static Ledger open(Path file, long epoch) throws DemoSchedulerException {
    Set<String> recorded = new HashSet<>();
    long maxEpoch = -1;
    int garbled = 0;
    try {
      List<String> lines =
          Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      for (String text : lines) {
        Optional<LedgerLine> line = LedgerLine.parse(text);
        if (line.isEmpty()) {
          garbled++;
          continue;
        }
        recorded.add(line.get().key());
        maxEpoch = Math.max(maxEpoch, line.get().epoch());
      }
    } catch (IOException e) {
      throw new DemoSchedulerException("cannot read ledger " + file + ": " + e.getMessage(), e);
    }
    if (maxEpoch > epoch) {
      throw new DemoSchedulerException(
          "ledger "
              + file
              + " already holds firings of epoch "
              + maxEpoch
              + ", higher than this scheduler's epoch "
              + epoch
              + ": refusing to run as a stale owner");
    }
    Ledger ledger = create(file, recorded);
    LOG.info(
        "ledger {}: {} firings recorded, {} unreadable lines, highest epoch {}",
        file,
        recorded.size(),
        garbled,
        maxEpoch < 0 ? "none" : maxEpoch);
    return ledger;
  }

  private static Ledger create(Path file, Set<String> recorded) throws DemoSchedulerException {
    FileOutputStream out = null;
    try {
      boolean created = !Files.exists(file);
      // A stream, not a channel: an interrupted thread cannot close it for everyone. Appending:
      // even two writers (the failure the ledger exists to show) never overwrite each other.
      out = new FileOutputStream(file.toFile(), true);
      if (created) {
        Fsync.directory(file.getParent());
      }
      Ledger ledger = new Ledger(file, out, recorded);
      ledger.endTornLine();
      return ledger;
    } catch (IOException e) {
      if (out != null) {
        try {
          out.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new DemoSchedulerException("cannot open ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends {@code line} and forces it to storage, unless the ledger already holds that firing.
   *
   * @return true if written; false if the firing was already recorded (a re-run after a crash)
   * @throws IOException if the line could not be written or forced; it may then be partly on disk
   */
  synchronized boolean record(LedgerLine line) throws IOException {
    if (recorded.contains(line.key())) {
      suppressed++;
      LOG.warn(
          "firing {} scheduled {} is already in the ledger (re-run after a crash): not written"
              + " again",
          line.trigger(),
          line.scheduled());
      return false;
    }
    write(line.format() + "\n");
    recorded.add(line.key());
    return true;
  }

  /** Number of re-runs of an already recorded firing that were not written again. */
  synchronized long suppressedReruns() {
    return suppressed;
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws DemoSchedulerException {
    try {
      out.close();
    } catch (IOException e) {
      throw new DemoSchedulerException("cannot close ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Ends a line a crash cut short (possible only when the storage itself lost a write), so the
   * fragment stays alone on its line, where {@link LedgerCheck} reports it.
   */
  private void endTornLine() throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = reader.size();
      if (size == 0) {
        return;
      }
      reader.read(last, size - 1);
    }
    if (last.get(0) != '\n') {
      LOG.warn("ledger {} ends in a partial line; closing it", file);
      write("\n");
    }
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.getFD().sync();
  }
}
