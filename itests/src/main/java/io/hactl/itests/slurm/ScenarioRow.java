package io.hactl.itests.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One measured scenario of the Slurm comparison (one set-up, one fault) and its line in the
 * README's table: time from the fault until a controller in control answered on another node, jobs
 * submitted around it that were lost or ran twice, and what the checker found. Filled in while the
 * scenario and then its set-up run; not thread-safe.
 */
public final class ScenarioRow {
  private final String setup;
  private final String scenario;
  private final long began;
  private final List<Long> jobs = new ArrayList<>();
  private final List<Long> lost = new ArrayList<>();
  private final List<Long> duplicated = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private String takeover = "?";
  private String note = "";

  /**
   * @param began when the scenario began (before its jobs were submitted), monotonic nanos
   */
  public ScenarioRow(String setup, String scenario, long began) {
    this.setup = setup;
    this.scenario = scenario;
    this.began = began;
  }

  public long began() {
    return began;
  }

  public String setup() {
    return setup;
  }

  public String scenario() {
    return scenario;
  }

  /** Jobs submitted for this scenario (before and after the fault). */
  public List<Long> jobs() {
    return jobs;
  }

  public List<Long> lost() {
    return lost;
  }

  public List<Long> duplicated() {
    return duplicated;
  }

  public List<String> violations() {
    return violations;
  }

  /** Records the first answer at {@code at} after the fault at {@code t0}, or none in window. */
  public void takeover(long t0, OptionalLong at, Duration window) {
    takeover =
        at.isPresent()
            ? String.format("%.1f s", (at.getAsLong() - t0) / 1e9)
            : "none within " + window.toSeconds() + " s";
  }

  public String takeover() {
    return takeover;
  }

  public void note(String text) {
    note = note.isEmpty() ? text : note + "; " + text;
  }

  /** The Markdown table header matching {@link #markdown}. */
  public static String header() {
    return "| set-up | scenario | a controller answers after | jobs lost or stuck | jobs run twice |"
        + " violations | notes |\n|---|---|---|---|---|---|---|";
  }

  public String markdown() {
    return String.format(
        "| %s | %s | %s | %d of %d | %d | %s | %s |",
        setup,
        scenario,
        takeover,
        lost.size(),
        jobs.size(),
        duplicated.size(),
        violations.isEmpty() ? "none" : String.join(", ", violations),
        note);
  }
}
