package io.hactl.itests.slurm;

import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the jobs themselves wrote: per job id, how many times it started and ended (see {@code
 * hx-slurm-job.sh}). A job that started twice ran twice; a job that started and never ended, while
 * Slurm calls it finished, was killed. Malformed lines are counted, not trusted.
 */
public record JobLedger(Map<Long, Runs> jobs, int malformed) {
  /** Starts and ends seen for one job. */
  public record Runs(int starts, int ends) {}

  public static JobLedger read(Path file) {
    if (!Files.exists(file)) {
      return new JobLedger(Map.of(), 0);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot read " + file, e);
    }
    Map<Long, Runs> out = new TreeMap<>();
    int bad = 0;
    for (String line : lines.subList(0, Math.min(lines.size(), 100_000))) {
      String[] f = line.split(" ");
      if (f.length < 2 || !f[0].matches("\\d{1,12}")) {
        bad++;
        continue;
      }
      long id = Long.parseLong(f[0]);
      Runs r = out.getOrDefault(id, new Runs(0, 0));
      switch (f[1]) {
        case "start" -> out.put(id, new Runs(r.starts() + 1, r.ends()));
        case "end" -> out.put(id, new Runs(r.starts(), r.ends() + 1));
        default -> bad++;
      }
    }
    return new JobLedger(Map.copyOf(out), bad);
  }

  public Runs runs(long job) {
    return jobs.getOrDefault(job, new Runs(0, 0));
  }

  /** Jobs that started more than once. */
  public List<Long> duplicated() {
    return jobs.entrySet().stream()
        .filter(e -> e.getValue().starts() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
