package io.hactl.demo.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link LedgerCheck} found in a ledger: counts for a summary, one report per trigger, and one
 * message per defect. The ledger passes when there is no defect. It says nothing about firings
 * scheduled before a trigger's first line or after its last.
 *
 * @param lines lines read
 * @param firings well-formed lines on their trigger's schedule, duplicates included
 * @param recovered firings Quartz re-ran after a crash (a recovery trigger)
 * @param duplicateFirings firings recorded more than once, counting each extra copy
 * @param lostFirings scheduled firings missing although the scheduler was back within the misfire
 *     threshold: these should never happen
 * @param missedBeyondThreshold scheduled firings missing because the scheduler was down for longer
 *     than the misfire threshold, so the misfire policy skipped them
 * @param malformedLines lines that are not ledger lines, or not on their trigger's schedule
 * @param maxLateness the latest firing's delay after its scheduled time
 * @param misfireThreshold the threshold the check assumed
 * @param triggers one report per trigger, by name
 * @param problems one message per defect, at most {@link LedgerCheck#MAX_PROBLEMS}
 */
public record LedgerReport(
    int lines,
    long firings,
    long recovered,
    long duplicateFirings,
    long lostFirings,
    long missedBeyondThreshold,
    long malformedLines,
    Duration maxLateness,
    Duration misfireThreshold,
    List<TriggerReport> triggers,
    List<String> problems) {

  public LedgerReport {
    triggers = List.copyOf(triggers);
    problems = List.copyOf(problems);
  }

  /** True when every scheduled firing between each trigger's first and last is there once. */
  public boolean ok() {
    return duplicateFirings == 0
        && lostFirings == 0
        && missedBeyondThreshold == 0
        && malformedLines == 0;
  }

  /** Several lines of text for an operator: totals, one line per trigger, the defects, verdict. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "ledger: %d lines, %d firings of %d triggers (%d re-run after a crash),"
                + " max lateness %d ms%n",
            lines, firings, triggers.size(), recovered, maxLateness.toMillis()));
    for (TriggerReport t : triggers) {
      out.append(
          String.format(
              "  %s every %d ms: %d of %d scheduled firings from %s to %s, %d duplicated,"
                  + " %d missing, max lateness %d ms%n",
              t.trigger(),
              t.interval().toMillis(),
              t.distinctFirings(),
              t.expectedFirings(),
              t.first(),
              t.last(),
              t.duplicateFirings(),
              t.missingFirings(),
              t.maxLateness().toMillis()));
    }
    out.append(
        String.format(
            "duplicate firings: %d; missing firings: %d; missed beyond the %d ms misfire"
                + " threshold: %d; malformed lines: %d%n",
            duplicateFirings,
            lostFirings,
            misfireThreshold.toMillis(),
            missedBeyondThreshold,
            malformedLines));
    for (String problem : problems) {
      out.append("  ").append(problem).append(System.lineSeparator());
    }
    out.append(ok() ? "OK" : "FAILED").append(System.lineSeparator());
    return out.toString();
  }

  /**
   * One trigger's part of the ledger.
   *
   * @param trigger name
   * @param interval repeat interval
   * @param first earliest scheduled time recorded
   * @param last latest scheduled time recorded
   * @param expectedFirings scheduled times from first to last inclusive
   * @param distinctFirings scheduled times recorded at least once
   * @param duplicateFirings extra copies
   * @param missingFirings scheduled times not recorded (lost or skipped by the misfire policy)
   * @param maxLateness the trigger's latest firing's delay
   */
  public record TriggerReport(
      String trigger,
      Duration interval,
      Instant first,
      Instant last,
      long expectedFirings,
      long distinctFirings,
      long duplicateFirings,
      long missingFirings,
      Duration maxLateness) {}
}
