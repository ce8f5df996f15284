package io.hactl.itests.slurm;

import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scenarios of one Slurm set-up the same way for hactl and for Slurm's own pair: jobs
 * around each fault, the measured first answer, the checks after the restore, and the final count
 * of jobs lost, stuck or run twice from the controller's view and the jobs' own ledger. It injects
 * nothing itself: the fault and the restore are the caller's.
 */
public final class ScenarioRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
  private static final Duration UP = Duration.ofSeconds(60);
  private static final List<String> UNFINISHED =
      List.of("RUNNING", "PENDING", "COMPLETING", "CONFIGURING", "SUSPENDED", "REQUEUED");

  private final String setup;
  private final String label;
  private final SlurmClient client;
  private final SlurmDirs dirs;
  private final Path ledger;
  private final Path stateDir;
  private final int longJobSeconds;

  /**
   * @param setup the set-up's name in {@link SlurmDirs} (its ledger)
   * @param label the set-up's name in the table
   * @param stateDir the StateSaveLocation as the host sees it (where {@code job_state} lies)
   * @param longJobSeconds run time of the job that spans each fault
   */
  public ScenarioRunner(
      String setup,
      String label,
      SlurmClient client,
      SlurmDirs dirs,
      Path stateDir,
      int longJobSeconds) {
    this.setup = setup;
    this.label = label;
    this.client = client;
    this.dirs = dirs;
    this.ledger = dirs.ledger(setup);
    this.stateDir = stateDir;
    this.longJobSeconds = longJobSeconds;
  }

  /** A scenario's restore step; returns a note for the table (may be empty). */
  @FunctionalInterface
  public interface Restore {
    String run();
  }

  /**
   * Submits one long and two short jobs, waits until the long one runs and slurmctld saved its
   * state, injects {@code fault}, measures the first answer launched while {@code newController}
   * holds, runs {@code restore}, then checks that every job is still known and that a new job runs
   * to completion (slurmd reaches the controller).
   */
  public ScenarioRow run(
      String name,
      Runnable fault,
      BooleanSupplier newController,
      Duration window,
      Restore restore) {
    ScenarioRow row = new ScenarioRow(label, name, System.nanoTime());
    long longJob = client.submit(dirs.jobScript(), ledger, longJobSeconds, "long");
    row.jobs().add(longJob);
    row.jobs().add(client.submit(dirs.jobScript(), ledger, 1, "short"));
    row.jobs().add(client.submit(dirs.jobScript(), ledger, 1, "short"));
    Waits.until(
        "job " + longJob + " running",
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        () -> JobLedger.read(ledger).runs(longJob).starts() > 0);
    awaitStateSaved();
    long t0 = System.nanoTime();
    LOG.info("{} / {}: fault", label, name);
    fault.run();
    OptionalLong at = Prober.firstAnswer(window, client::answers, newController);
    LOG.info("{} / {}: first answer {}", label, name, at);
    row.takeover(t0, at, window);
    row.note(restore.run());
    awaitAnswers("a controller after " + name);
    row.lost().addAll(client.unknown(row.jobs()));
    long after = client.submit(dirs.jobScript(), ledger, 1, "after");
    row.jobs().add(after);
    Waits.until(
        "job " + after + " submitted after " + name + " completed (slurmd reached the controller)",
        UP,
        Duration.ofMillis(200),
        () -> "COMPLETED".equals(client.jobs().get(after)));
    LOG.info("{}", row.markdown());
    return row;
  }

  /**
   * Waits until slurmctld has written its job state file again, so that the jobs just submitted and
   * started are in the state directory. slurmctld saves asynchronously, a few seconds after a
   * change: a job submitted just before a crash is lost whoever restarts the controller, with hactl
   * or Slurm's backup alike; that is slurmctld's durability, not the fail-over's, and the scenarios
   * measure the fail-over.
   */
  private void awaitStateSaved() {
    Path jobState = stateDir.resolve("job_state");
    Optional<FileTime> before = mtime(jobState);
    Waits.until(
        "slurmctld saved " + jobState + " again",
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        () ->
            mtime(jobState)
                .filter(t -> before.isEmpty() || t.compareTo(before.get()) > 0)
                .isPresent());
  }

  private static Optional<FileTime> mtime(Path p) {
    try {
      return Optional.of(Files.getLastModifiedTime(p));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Waits until a controller in control answers. */
  public void awaitAnswers(String what) {
    Waits.until(
        what + " answering",
        UP,
        Duration.ofMillis(200),
        () -> client.answers(Duration.ofSeconds(6)));
  }

  /** Waits until the controller has the compute node registered and usable. */
  public void awaitComputeNode() {
    Waits.until(
        ComputeNode.NAME + " registered and idle",
        UP,
        Duration.ofMillis(300),
        () -> {
          String s = client.nodeState(ComputeNode.NAME).toLowerCase();
          return s.startsWith("idle") || s.startsWith("mixed") || s.startsWith("allocated");
        });
  }

  /**
   * Waits for every job of {@code rows} to leave the running states (up to the long job's time and
   * a margin), then records in each row the jobs not COMPLETED with exactly one end line (lost or
   * stuck) and the jobs with more than one start line (run twice).
   */
  public void finish(List<ScenarioRow> rows) {
    List<Long> all = rows.stream().flatMap(r -> r.jobs().stream()).toList();
    Waits.poll(
        Duration.ofSeconds(longJobSeconds + 30L),
        Duration.ofMillis(500),
        () -> {
          Map<Long, String> states = client.jobs();
          return all.stream().noneMatch(id -> UNFINISHED.contains(states.get(id)));
        });
    Map<Long, String> states = client.jobs();
    JobLedger l = JobLedger.read(ledger);
    for (ScenarioRow r : rows) {
      for (long id : r.jobs()) {
        JobLedger.Runs runs = l.runs(id);
        if (runs.starts() > 1) {
          r.duplicated().add(id);
        }
        boolean completed = "COMPLETED".equals(states.get(id)) && runs.ends() == 1;
        if (!completed && !r.lost().contains(id)) {
          r.lost().add(id);
          r.note("job " + id + " " + states.getOrDefault(id, "unknown") + ", ledger " + runs);
        }
      }
    }
  }
}
