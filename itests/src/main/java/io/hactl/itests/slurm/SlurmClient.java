package io.hactl.itests.slurm;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.testkit.support.HarnessException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Slurm's client commands run from the host (which sits on the cluster's bridge), each with a
 * deadline, against one slurm.conf: submit, list every job the controller knows with its state, ask
 * whether a controller in control answers, hand control to the backup. Output is parsed
 * defensively: a line that does not parse is an error naming the command, never a guess.
 */
public final class SlurmClient {
  private static final Duration CALL = Duration.ofSeconds(8);

  private final ProcessRunner runner = new ProcessRunner();
  private final Path conf;

  public SlurmClient(Path conf) {
    this.conf = conf;
  }

  public Path conf() {
    return conf;
  }

  /** Runs {@code command} with SLURM_CONF set and {@code timeout}; returns the outcome. */
  public ProcessResult tryRun(Duration timeout, String... command) {
    return runner.run(
        ProcessSpec.of(command[0], timeout, List.of(command))
            .withEnvironment(Map.of("SLURM_CONF", conf.toString())));
  }

  private List<String> run(String... command) {
    ProcessResult r = tryRun(CALL, command);
    if (!r.succeeded()) {
      throw new HarnessException(String.join(" ", command) + ": " + r.describe());
    }
    return r.output();
  }

  /** {@code sbatch} of the job script with its ledger and run time; returns the job id. */
  public long submit(Path jobScript, Path ledger, int seconds, String name) {
    List<String> out =
        run(
            "sbatch",
            "--parsable",
            "--job-name=" + name,
            "--output=/dev/null",
            "--ntasks=1",
            jobScript.toString(),
            ledger.toString(),
            Integer.toString(seconds));
    String id = out.isEmpty() ? "" : out.get(out.size() - 1).trim().split(";")[0];
    if (!id.matches("\\d{1,12}")) {
      throw new HarnessException("sbatch printed no job id: " + out);
    }
    return Long.parseLong(id);
  }

  /** Every job the controller in control knows, with its state (RUNNING, COMPLETED, ...). */
  public Map<Long, String> jobs() {
    Map<Long, String> out = new TreeMap<>();
    for (String line : run("squeue", "--noheader", "--states=all", "--format=%i %T")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 2 || !f[0].matches("\\d{1,12}")) {
        throw new HarnessException("squeue: unexpected line \"" + line + "\"");
      }
      out.put(Long.parseLong(f[0]), f[1]);
    }
    return out;
  }

  /** Whether a controller in control answers {@code squeue} within {@code timeout}. */
  public boolean answers(Duration timeout) {
    return tryRun(timeout, "squeue", "--noheader", "--format=%i").succeeded();
  }

  /** {@code scontrol ping}'s lines (which controller is UP or DOWN). */
  public List<String> ping() {
    return tryRun(CALL, "scontrol", "ping").output();
  }

  /** The compute node's state as the controller in control sees it (IDLE, MIXED, ...). */
  public String nodeState(String node) {
    List<String> out = run("sinfo", "--noheader", "--node=" + node, "--format=%T");
    return out.isEmpty() ? "" : out.get(0).trim();
  }

  /** {@code scontrol takeover}: Slurm's own planned hand-off to the backup controller. */
  public ProcessResult takeover() {
    return tryRun(CALL, "scontrol", "takeover");
  }

  /** Ids in {@code submitted} that the controller does not know. */
  public List<Long> unknown(List<Long> submitted) {
    Map<Long, String> known = jobs();
    List<Long> out = new ArrayList<>();
    for (long id : submitted) {
      if (!known.containsKey(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
