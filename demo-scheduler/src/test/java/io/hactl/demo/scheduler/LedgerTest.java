package io.hactl.demo.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LedgerTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;

  private static LedgerLine firing(long k, String node, long epoch, boolean recovered) {
    Instant scheduled = T0.plusSeconds(k);
    return new LedgerLine(
        "every-1000ms", Duration.ofSeconds(1), scheduled, scheduled, node, epoch, recovered);
  }

  @Test
  void aFiringAlreadyRecordedBeforeTheRestartIsNotWrittenAgain()
      throws IOException, DemoSchedulerException {
    Path file = dir.resolve("ledger.txt");
    try (Ledger ledger = Ledger.open(file, 1)) {
      assertTrue(ledger.record(firing(0, "n1", 1, false)));
      assertTrue(ledger.record(firing(1, "n1", 1, false)));
      assertFalse(ledger.record(firing(1, "n1", 1, false)), "same process, same firing");
    }
    try (Ledger ledger = Ledger.open(file, 2)) {
      assertFalse(ledger.record(firing(1, "n2", 2, true)), "re-run of a recorded firing");
      assertTrue(ledger.record(firing(2, "n2", 2, true)), "re-run of an unrecorded firing");
      assertEquals(1, ledger.suppressedReruns());
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals(firing(2, "n2", 2, true).format(), lines.get(2));
    assertTrue(LedgerCheck.check(file, Duration.ofSeconds(60)).ok());
  }

  @Test
  void aSchedulerWithALowerEpochThanTheLedgerRefusesToRun()
      throws IOException, DemoSchedulerException {
    Path file = dir.resolve("ledger.txt");
    try (Ledger ledger = Ledger.open(file, 5)) {
      ledger.record(firing(0, "n1", 5, false));
    }
    DemoSchedulerException e =
        assertThrows(DemoSchedulerException.class, () -> Ledger.open(file, 4));
    assertTrue(
        e.getMessage().contains("epoch 5, higher than this scheduler's epoch 4"), e.getMessage());
    Ledger.open(file, 5).close();
  }

  @Test
  void aTornLastLineIsClosedSoTheNextLineStaysReadable()
      throws IOException, DemoSchedulerException {
    Path file = dir.resolve("ledger.txt");
    String torn = firing(0, "n1", 1, false).format().substring(0, 30);
    Files.writeString(file, torn, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    try (Ledger ledger = Ledger.open(file, 1)) {
      assertTrue(ledger.record(firing(1, "n1", 1, false)));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(List.of(torn, firing(1, "n1", 1, false).format()), lines);
    LedgerReport report = LedgerCheck.check(file, Duration.ofSeconds(60));
    assertEquals(1, report.malformedLines(), report.summary());
    assertEquals(1, report.firings());
  }
}
