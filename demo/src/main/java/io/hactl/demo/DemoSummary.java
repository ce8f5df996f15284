package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.demo.scheduler.DemoOptions;
import io.hactl.demo.scheduler.LedgerCheck;
import io.hactl.demo.scheduler.LedgerReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges and prints the end of the demo: the times the story measured, and the checks that make it
 * a success: the ledger has every firing exactly once (no duplicate, none missed beyond the misfire
 * threshold, none lost), no two nodes ever ran the service at once as seen from outside, and
 * nothing was left behind. It reads the ledger through the storage; with {@code --keep} it reads a
 * ledger still being written, which is fine (only complete lines count).
 */
final class DemoSummary {
  private final Timeline timeline;
  private final boolean mounts;
  private final List<String> failures = new ArrayList<>();
  private ExitCode code = ExitCode.OK;

  DemoSummary(Timeline timeline, Isolation isolation) {
    this.timeline = timeline;
    this.mounts = isolation == Isolation.MOUNT_NAMESPACES;
  }

  /** A step that did not succeed: the demo fails with its exit status. */
  void failed(DemoException e) {
    failures.add(e.getMessage());
    if (code == ExitCode.OK) {
      code = e.exitCode();
    }
  }

  private void fail(String reason) {
    failures.add(reason);
    if (code == ExitCode.OK) {
      code = ExitCode.FAILURE;
    }
  }

  /** Prints the summary; {@code leftBehind} is null while the cluster keeps running. */
  ExitCode print(
      DemoStory.Result result,
      Path ledger,
      Observed observed,
      OutsideView outside,
      List<String> leftBehind) {
    timeline.line("");
    timeline.line("SUMMARY");
    if (result != null) {
      row(
          "failover ("
              + result.first()
              + " killed -> scheduler RUNNING on "
              + result.second()
              + ")",
          String.format(
              Locale.ROOT,
              "%.2f s  (%s's session expired after %.2f s; %s took %.2f s)",
              DemoStory.secs(result.failover()),
              result.first(),
              DemoStory.secs(result.sessionExpiry()),
              mounts ? "fencing, mount and start" : "fencing and start",
              DemoStory.secs(result.failover().minus(result.sessionExpiry()))));
      row(
          "planned relocation (request -> RUNNING on " + result.first() + ")",
          String.format(
              Locale.ROOT,
              "%.2f s  (first job on %s %.2f s after the request)",
              DemoStory.secs(result.relocation()),
              result.first(),
              DemoStory.secs(result.relocationToFirstJob())));
    }
    ledger(ledger, observed);
    outside(outside);
    if (leftBehind == null) {
      row("left behind", "everything, on purpose (--keep): see below");
    } else if (leftBehind.isEmpty()) {
      row(
          "left behind",
          mounts
              ? "nothing: no agent, scheduler, mount or namespace"
              : "nothing: no agent or scheduler");
    } else {
      row("left behind", String.join("; ", leftBehind));
      leftBehind.forEach(l -> fail("left behind: " + l));
    }
    if (failures.isEmpty()) {
      timeline.line("RESULT: OK");
    } else {
      timeline.line("RESULT: FAILED");
      failures.forEach(f -> timeline.line("  " + f.replace("\n", "\n  ")));
    }
    return code;
  }

  private void ledger(Path ledger, Observed observed) {
    LedgerReport report;
    try {
      report =
          LedgerCheck.check(FileTail.completeLines(ledger), DemoOptions.DEFAULT_MISFIRE_THRESHOLD);
    } catch (IOException e) {
      fail("cannot read the ledger " + ledger + ": " + e.getMessage());
      return;
    }
    long late = observed.terms().stream().mapToLong(t -> t.late()).sum();
    row(
        "jobs fired",
        report.firings()
            + "  ("
            + report.triggers().size()
            + " triggers; "
            + late
            + " fired late to catch up the failover or the relocation, each once)");
    row("duplicate firings", Long.toString(report.duplicateFirings()));
    row(
        "firings missed beyond the "
            + report.misfireThreshold().toSeconds()
            + " s misfire threshold",
        Long.toString(report.missedBeyondThreshold()));
    if (report.firings() == 0) {
      fail("no job fired at all");
    }
    if (!report.ok()) {
      fail("the ledger check failed:\n" + report.summary().strip());
    }
  }

  /**
   * After --keep: checks the whole ledger once more (the operator may have moved the service
   * meanwhile) and prints one line; true when it passes.
   */
  boolean recheck(Path ledger) {
    try {
      LedgerReport r =
          LedgerCheck.check(FileTail.completeLines(ledger), DemoOptions.DEFAULT_MISFIRE_THRESHOLD);
      timeline.line(
          String.format(
              Locale.ROOT,
              "ledger of the whole run: %d firings, %d duplicate, %d missed beyond the"
                  + " threshold, %d lost: %s",
              r.firings(),
              r.duplicateFirings(),
              r.missedBeyondThreshold(),
              r.lostFirings(),
              r.ok() ? "OK" : "FAILED"));
      if (!r.ok()) {
        timeline.line(r.summary().strip());
      }
      return r.ok();
    } catch (IOException e) {
      timeline.line("cannot read the ledger " + ledger + ": " + e.getMessage());
      return false;
    }
  }

  private void outside(OutsideView view) {
    String what = "one owner at a time, seen from outside";
    if (view.violations().isEmpty()) {
      row(
          what,
          "yes  ("
              + view.scans()
              + (mounts
                  ? " scans of the mount and process tables)"
                  : " scans of the process table)"));
      return;
    }
    String first = view.violations().get(0).message();
    row(what, "NO: " + first);
    fail(
        "the outside observer saw "
            + view.violations().size()
            + " episode(s) of two nodes running the service at once: "
            + view.violations().stream().map(v -> v.kind() + " " + v.message()).toList());
  }

  private void row(String what, String value) {
    timeline.line(String.format(Locale.ROOT, "  %-58s %s", what, value));
  }
}
