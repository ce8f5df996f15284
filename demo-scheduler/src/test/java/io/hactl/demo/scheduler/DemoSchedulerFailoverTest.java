package io.hactl.demo.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo scheduler as hactl runs it: a child JVM on a spool, crashed twice with SIGKILL and
 * restarted a few seconds later as another node with a higher epoch, then relocated with SIGTERM.
 * The ledger must hold every scheduled firing exactly once. With a misfire threshold shorter than
 * the outage, the outage's firings are skipped instead, and the check must say so.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DemoSchedulerFailoverTest {
  private static final Duration START = Duration.ofSeconds(20);
  private static final Duration OUTAGE = Duration.ofSeconds(3);
  private static final Duration RUN = Duration.ofSeconds(3);

  @TempDir Path tmp;
  private final List<DaemonProcess> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(DaemonProcess::close);
  }

  @Test
  void twoCrashFailoversAndARelocationFireEveryScheduledFiringOnce()
      throws IOException, InterruptedException {
    Path spool = Files.createDirectories(tmp.resolve("spool"));
    Path ledger = DemoScheduler.ledgerFile(spool);

    DaemonProcess n1 = start(spool, "n1", 1);
    runFor(ledger, "n1");
    n1.kill9();
    Thread.sleep(OUTAGE.toMillis()); // the failover: session timeout, fence, mount (shortened)

    DaemonProcess n2 = start(spool, "n2", 2);
    runFor(ledger, "n2");
    n2.kill9();
    Thread.sleep(OUTAGE.toMillis());

    DaemonProcess n3 = start(spool, "n3", 3);
    runFor(ledger, "n3");
    assertEquals(0, n3.terminate(Duration.ofSeconds(15)), "exit status after SIGTERM");

    DaemonProcess n1Again = start(spool, "n1", 4);
    runFor(ledger, "n1");
    assertEquals(0, n1Again.terminate(Duration.ofSeconds(15)), "exit status after SIGTERM");

    for (DaemonProcess daemon : started) {
      assertEquals(List.of(), daemon.errors(), "errors logged by a daemon");
    }
    LedgerReport report = LedgerCheck.checkSpool(spool, DemoJobs.DEFAULT_MISFIRE_THRESHOLD);
    System.out.print(report.summary());
    assertTrue(report.ok(), report.summary());
    assertEquals(3, report.triggers().size(), report.summary());
    for (long epoch = 1; epoch <= 4; epoch++) {
      System.out.printf(
          "epoch %d: %d firings, max lateness %d ms%n",
          epoch, linesOf(ledger, epoch).size(), maxLateness(ledger, epoch).toMillis());
    }
    for (long epoch : List.of(2L, 3L)) {
      for (Duration interval : DemoJobs.INTERVALS) {
        // Each trigger had a firing due within one interval after the kill; the next owner fired
        // it at least OUTAGE - interval late (more: its own start time adds to it).
        String trigger = DemoJobs.triggerName(interval);
        Duration late = maxLateness(ledger, epoch, trigger);
        assertTrue(
            late.compareTo(OUTAGE.minus(interval)) >= 0,
            "epoch " + epoch + " caught up " + trigger + " late; max lateness only " + late);
        assertTrue(late.compareTo(DemoJobs.DEFAULT_MISFIRE_THRESHOLD) < 0, late.toString());
      }
    }
  }

  @Test
  void aFailoverLongerThanTheMisfireThresholdSkipsItsFiringsAndTheCheckSaysSo()
      throws IOException, InterruptedException {
    Path spool = Files.createDirectories(tmp.resolve("short-threshold"));
    Path ledger = DemoScheduler.ledgerFile(spool);
    Duration threshold = Duration.ofSeconds(1);
    String[] shortThreshold = {"--misfire-threshold", threshold.toMillis() + "ms"};

    DaemonProcess n1 = start(spool, "n1", 1, shortThreshold);
    runFor(ledger, "n1");
    n1.kill9();
    Thread.sleep(OUTAGE.toMillis());
    DaemonProcess n2 = start(spool, "n2", 2, shortThreshold);
    runFor(ledger, "n2");
    assertEquals(0, n2.terminate(Duration.ofSeconds(15)), "exit status after SIGTERM");

    LedgerReport report = LedgerCheck.checkSpool(spool, threshold);
    System.out.print(report.summary());
    assertFalse(report.ok(), report.summary());
    assertEquals(0, report.duplicateFirings(), report.summary());
    assertEquals(0, report.lostFirings(), report.summary());
    assertEquals(
        0, report.malformedLines(), "n2 resumed on the triggers' grid: " + report.summary());
    assertTrue(report.missedBeyondThreshold() >= 3, report.summary());
    assertTrue(report.triggers().stream().allMatch(t -> t.missingFirings() > 0), report.summary());
  }

  private DaemonProcess start(Path spool, String node, long epoch, String... extra)
      throws IOException {
    DaemonProcess daemon = DaemonProcess.start(spool, node, epoch, tmp, extra);
    started.add(daemon);
    long[] figures = daemon.awaitStarted(START);
    System.out.printf(
        "%s epoch %d: start line %d ms after spawn (daemon's own start %d ms, JVM up %d ms)%n",
        node, epoch, figures[0], figures[1], figures[2]);
    return daemon;
  }

  /** Lets the daemon fire for {@link #RUN}, checking that it records firings as {@code node}. */
  private static void runFor(Path ledger, String node) {
    Instant until = Instant.now().plus(RUN);
    await("firings recorded by " + node + " for " + RUN)
        .atMost(RUN.plusSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                lines(ledger).stream()
                    .anyMatch(l -> l.node().equals(node) && l.scheduled().isAfter(until)));
  }

  private static List<LedgerLine> lines(Path ledger) throws IOException {
    if (!Files.exists(ledger)) {
      return List.of();
    }
    return Files.readAllLines(ledger).stream()
        .map(LedgerLine::parse)
        .flatMap(Optional::stream)
        .toList();
  }

  private static List<LedgerLine> linesOf(Path ledger, long epoch) throws IOException {
    return lines(ledger).stream().filter(l -> l.epoch() == epoch).toList();
  }

  private static Duration maxLateness(Path ledger, long epoch) throws IOException {
    return linesOf(ledger, epoch).stream()
        .map(LedgerLine::lateness)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  private static Duration maxLateness(Path ledger, long epoch, String trigger) throws IOException {
    return linesOf(ledger, epoch).stream()
        .filter(l -> l.trigger().equals(trigger))
        .map(LedgerLine::lateness)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }
}
