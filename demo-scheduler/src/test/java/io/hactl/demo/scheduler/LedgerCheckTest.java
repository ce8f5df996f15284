package io.hactl.demo.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LedgerCheckTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration THRESHOLD = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** Firing {@code k} of a trigger every {@code ms}, fired {@code lateMs} late. */
  private static String line(
      String trigger, long ms, long k, long lateMs, String node, long epoch) {
    Instant scheduled = T0.plusMillis(k * ms);
    return new LedgerLine(
            trigger,
            Duration.ofMillis(ms),
            scheduled,
            scheduled.plusMillis(lateMs),
            node,
            epoch,
            false)
        .format();
  }

  /** Three triggers, 20 s of firings, with a 5 s failover from n1 to n2 at second 10. */
  private static List<String> goodLedger() {
    List<String> lines = new ArrayList<>();
    for (long ms : List.of(1000L, 1500L, 2000L)) {
      for (long k = 0; k * ms <= 20_000; k++) {
        long at = k * ms;
        boolean afterFailover = at >= 10_000;
        long late = at >= 10_000 && at < 15_000 ? 15_000 - at : 3;
        lines.add(line("every-" + ms + "ms", ms, k, late, afterFailover ? "n2" : "n1", 7));
      }
    }
    return lines;
  }

  @Test
  void aLedgerWithEveryFiringOnceAndLateCatchUpPasses() {
    LedgerReport report = LedgerCheck.check(goodLedger(), THRESHOLD);
    assertTrue(report.ok(), report.summary());
    assertEquals(21 + 14 + 11, report.firings());
    assertEquals(3, report.triggers().size());
    assertEquals(Duration.ofSeconds(5), report.maxLateness());
    assertEquals(0, report.duplicateFirings() + report.lostFirings() + report.malformedLines());
    assertTrue(report.summary().endsWith("OK" + System.lineSeparator()), report.summary());
  }

  @Test
  void aDuplicateFailsNamingBothLines() {
    List<String> lines = goodLedger();
    lines.add(line("every-1000ms", 1000, 4, 9, "n2", 8));
    LedgerReport report = LedgerCheck.check(lines, THRESHOLD);
    assertFalse(report.ok());
    assertEquals(1, report.duplicateFirings());
    assertEquals(1, report.problems().size(), report.summary());
    String problem = report.problems().get(0);
    assertTrue(
        problem.startsWith("duplicate: every-1000ms scheduled 2025-03-01T10:00:04Z fired 2 times"),
        problem);
    assertTrue(problem.contains("line 5 (node n1 epoch 7"), problem);
    assertTrue(problem.contains("line " + lines.size() + " (node n2 epoch 8"), problem);
  }

  @Test
  void aGapWhileTheSchedulerWasUpFailsAsMissing() {
    List<String> lines = goodLedger();
    lines.remove(line("every-1500ms", 1500, 3, 3, "n1", 7));
    lines.remove(line("every-1500ms", 1500, 4, 3, "n1", 7));
    LedgerReport report = LedgerCheck.check(lines, THRESHOLD);
    assertFalse(report.ok());
    assertEquals(2, report.lostFirings());
    assertEquals(0, report.missedBeyondThreshold());
    assertEquals(
        List.of(
            "missing: every-1500ms: 2 firings scheduled 2025-03-01T10:00:04.500Z .."
                + " 2025-03-01T10:00:06Z (next firing at 2025-03-01T10:00:07.503Z)"),
        report.problems());
  }

  @Test
  void aGapLongerThanTheThresholdIsReportedAsMissedBeyondIt() {
    List<String> lines = new ArrayList<>();
    for (long k = 0; k <= 100; k++) {
      if (k < 10 || k > 80) {
        lines.add(line("every-1000ms", 1000, k, k > 80 ? 2 : 1, k > 80 ? "n2" : "n1", 1));
      }
    }
    LedgerReport report = LedgerCheck.check(lines, THRESHOLD);
    assertFalse(report.ok());
    assertEquals(71, report.missedBeyondThreshold());
    assertEquals(0, report.lostFirings());
    assertTrue(
        report.problems().get(0).startsWith("missed beyond the misfire threshold: every-1000ms"),
        report.summary());
    assertTrue(
        LedgerCheck.check(lines, Duration.ofSeconds(90)).lostFirings() == 71,
        "with a longer threshold the same gap is a loss");
  }

  @Test
  void aGarbledOrForeignLineFailsQuotingIt() {
    List<String> lines = goodLedger();
    String good = lines.get(2);
    lines.add(5, good.substring(0, good.length() / 2));
    lines.add("2025-03-01 10:00:00 job ran");
    lines.add(good.replace("node=n1", "node=N1!"));
    LedgerReport report = LedgerCheck.check(lines, THRESHOLD);
    assertFalse(report.ok());
    assertEquals(3, report.malformedLines(), report.summary());
    assertEquals(0, report.duplicateFirings() + report.lostFirings(), report.summary());
    assertTrue(report.problems().get(0).startsWith("line 6: not a ledger line: 'trigger="));
    assertTrue(
        report.problems().contains("line 48: not a ledger line: '2025-03-01 10:00:00 job ran'"),
        report.summary());
  }

  @Test
  void aLineOffItsTriggersGridOrIntervalFails() {
    List<String> lines = goodLedger();
    Instant odd = T0.plusMillis(2500);
    lines.add(
        new LedgerLine("every-1000ms", Duration.ofMillis(1000), odd, odd, "n1", 7, false).format());
    lines.add(
        new LedgerLine("every-2000ms", Duration.ofMillis(500), odd, odd, "n1", 7, false).format());
    LedgerReport report = LedgerCheck.check(lines, THRESHOLD);
    assertEquals(2, report.malformedLines(), report.summary());
    assertTrue(
        report.problems().stream().anyMatch(p -> p.contains("is off its grid")), report.summary());
    assertTrue(
        report.problems().stream().anyMatch(p -> p.contains("every 500 ms, but line")),
        report.summary());
  }

  @Test
  void theCommandExitsZeroOneOrTwo() throws IOException {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Path ledger = DemoScheduler.ledgerFile(spool);
    Files.createDirectories(ledger.getParent());
    Files.write(ledger, goodLedger(), StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, LedgerCheck.run(List.of("--spool", spool.toString()), print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("duplicate firings: 0"));

    List<String> bad = goodLedger();
    bad.add(bad.get(0));
    Files.write(ledger, bad, StandardCharsets.UTF_8);
    assertEquals(1, LedgerCheck.run(List.of("--ledger", ledger.toString()), print, print));

    assertEquals(
        2, LedgerCheck.run(List.of("--spool", dir.resolve("none").toString()), print, print));
    assertEquals(2, LedgerCheck.run(List.of("--spool"), print, print));
    assertEquals(
        2,
        LedgerCheck.run(
            List.of("--ledger", ledger.toString(), "--misfire-threshold", "soon"), print, print));
  }

  @Test
  void linesRoundTripAndParsingIsStrict() {
    LedgerLine line =
        new LedgerLine(
            "every-1500ms",
            Duration.ofMillis(1500),
            T0,
            T0.plusMillis(2345),
            "node-2",
            123456789012L,
            true);
    assertEquals(line, LedgerLine.parse(line.format()).orElseThrow());
    assertEquals(Duration.ofMillis(2345), line.lateness());
    assertTrue(LedgerLine.parse(line.format() + " ").isEmpty());
    assertTrue(LedgerLine.parse(line.format().replace("interval=1500", "interval=0")).isEmpty());
    assertTrue(LedgerLine.parse(line.format().replace("T10:00:00Z", "T25:00:00Z")).isEmpty());
    assertTrue(LedgerLine.parse("").isEmpty());
  }
}
