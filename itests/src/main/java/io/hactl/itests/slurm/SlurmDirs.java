package io.hactl.itests.slurm;

import io.hactl.itests.support.Scripts;
import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the Slurm pieces of one harness run keep their files, under {@code RUN/slurm}: munge's key
 * and socket, the per-controller runtime directory, the compute node's spool, the job script, and
 * per set-up the slurm.conf, the shared state directory (Slurm's own pair) and the job ledger. The
 * ledger is outside every state directory on purpose.
 */
public record SlurmDirs(Path root) {

  /** The directories of the run in {@code runDir}; nothing is created. */
  public static SlurmDirs of(Path runDir) {
    return new SlurmDirs(runDir.resolve("slurm"));
  }

  /** Creates the directories and installs the job script; returns this. */
  public SlurmDirs prepare() {
    SlurmDirs d = this;
    try {
      Files.createDirectories(d.ctlRun());
      Files.createDirectories(d.slurmdSpool());
      Files.createDirectories(d.root().resolve("munge"));
      for (String setup : List.of("hactl", "backup")) {
        Files.createDirectories(d.sharedState(setup));
      }
    } catch (IOException e) {
      throw new HarnessException("cannot prepare " + d.root(), e);
    }
    Scripts.install("hx-slurm-job.sh", d.jobScript());
    return d;
  }

  public Path mungeDir() {
    return root.resolve("munge");
  }

  public Path mungeSocket() {
    return mungeDir().resolve("sock/munge.socket");
  }

  /**
   * Mountpoint of each controller's private tmpfs for its pid file (a node-local /run): the
   * controllers share this machine's pid space and one path, and slurmctld signals the pid it finds
   * in that file when it starts.
   */
  public Path ctlRun() {
    return root.resolve("ctlrun");
  }

  public Path slurmdSpool() {
    return root.resolve("cn1/spool");
  }

  public Path slurmdDir() {
    return root.resolve("cn1");
  }

  public Path jobScript() {
    return root.resolve("bin/hx-slurm-job.sh");
  }

  /** slurm.conf of set-up {@code setup} ({@code hactl} or {@code backup}). */
  public Path conf(String setup) {
    return root.resolve(setup + "/slurm.conf");
  }

  /** The ledger the jobs of set-up {@code setup} append to. */
  public Path ledger(String setup) {
    return root.resolve(setup + "/ledger");
  }

  /** A state directory shared by Slurm's own pair, plainly (no mount, nothing fences). */
  public Path sharedState(String setup) {
    return root.resolve(setup + "/statesave");
  }
}
