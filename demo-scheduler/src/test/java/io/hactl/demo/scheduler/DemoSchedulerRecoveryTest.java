package io.hactl.demo.scheduler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two crash windows a random SIGKILL rarely hits, reproduced exactly: the store is left as a
 * kill leaves it (a FIRED_TRIGGERS row in state EXECUTING that requests recovery), once for a
 * firing whose ledger line was already written, once for a firing Quartz had committed but not yet
 * recorded. Real Quartz, real H2, in this JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoSchedulerRecoveryTest {
  private static final String TRIGGER = "every-1000ms";

  @TempDir Path spool;

  @Test
  void recoveryRecordsACommittedButUnrecordedFiringOnceAndNeverRewritesARecordedOne()
      throws DemoSchedulerException, SQLException, IOException {
    Path ledger = DemoScheduler.ledgerFile(spool);
    DemoScheduler first = DemoScheduler.start(options("n1", 1), Clock.systemUTC());
    await("two firings of " + TRIGGER)
        .atMost(Duration.ofSeconds(15))
        .until(() -> firingsOf(ledger).size() >= 2);
    assertTrue(first.stop(), "clean stop");

    long recorded;
    long unrecorded;
    try (Connection db = openStore()) {
      long[] times = fireTimes(db);
      recorded = times[0];
      unrecorded = times[1];
      // Kill after the line was forced, before Quartz deleted its fired-trigger row.
      insertExecuting(db, "crash-recorded", recorded);
      // Kill after triggersFired committed (trigger advanced), before the line was written.
      advance(db, unrecorded);
      insertExecuting(db, "crash-unrecorded", unrecorded);
    }
    assertEquals(1, countOf(ledger, recorded));
    assertEquals(0, countOf(ledger, unrecorded));

    DemoScheduler second = DemoScheduler.start(options("n2", 2), Clock.systemUTC());
    try {
      await("normal firings after the recovered one")
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  firingsOf(ledger).stream()
                      .anyMatch(l -> l.scheduled().toEpochMilli() > unrecorded + 1000));
      assertEquals(1, second.suppressedReruns(), "the recorded firing was re-run, not rewritten");
    } finally {
      assertTrue(second.stop(), "clean stop");
    }
    assertEquals(1, countOf(ledger, recorded));
    LedgerLine recovered =
        firingsOf(ledger).stream()
            .filter(l -> l.scheduled().toEpochMilli() == unrecorded)
            .findFirst()
            .orElseThrow();
    assertTrue(recovered.recovered(), recovered.format());
    assertEquals("n2", recovered.node());
    LedgerReport report = LedgerCheck.check(ledger, DemoJobs.DEFAULT_MISFIRE_THRESHOLD);
    assertTrue(report.ok(), report.summary());
    assertEquals(1, report.recovered(), report.summary());
  }

  private DemoOptions options(String node, long epoch) {
    return new DemoOptions(
        spool,
        node,
        epoch,
        Duration.ofSeconds(60),
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  private Connection openStore() throws SQLException {
    Path base = spool.resolve(DemoScheduler.DATA_DIR).resolve("store");
    return DriverManager.getConnection("jdbc:h2:file:" + base + ";IFEXISTS=TRUE", "sa", "");
  }

  /** The trigger's last fire time (recorded) and next fire time (not yet fired). */
  private static long[] fireTimes(Connection db) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT PREV_FIRE_TIME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = ?")) {
      q.setString(1, TRIGGER);
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next(), "trigger " + TRIGGER + " in the store");
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** What triggersFired commits: the trigger moved past {@code scheduled}. */
  private static void advance(Connection db, long scheduled) throws SQLException {
    try (PreparedStatement u =
        db.prepareStatement(
            "UPDATE QRTZ_TRIGGERS SET PREV_FIRE_TIME = ?, NEXT_FIRE_TIME = ? WHERE TRIGGER_NAME = ?")) {
      u.setLong(1, scheduled);
      u.setLong(2, scheduled + 1000);
      u.setString(3, TRIGGER);
      assertEquals(1, u.executeUpdate());
    }
  }

  private static void insertExecuting(Connection db, String entry, long scheduled)
      throws SQLException {
    try (PreparedStatement i =
        db.prepareStatement(
            "INSERT INTO QRTZ_FIRED_TRIGGERS (SCHED_NAME, ENTRY_ID, TRIGGER_NAME, TRIGGER_GROUP,"
                + " INSTANCE_NAME, FIRED_TIME, SCHED_TIME, PRIORITY, STATE, JOB_NAME, JOB_GROUP,"
                + " IS_NONCONCURRENT, REQUESTS_RECOVERY) VALUES ('hactl-demo', ?, ?, 'demo',"
                + " 'NON_CLUSTERED', ?, ?, 5, 'EXECUTING', 'ledger', 'demo', FALSE, TRUE)")) {
      i.setString(1, entry);
      i.setString(2, TRIGGER);
      i.setLong(3, scheduled);
      i.setLong(4, scheduled);
      assertEquals(1, i.executeUpdate());
    }
  }

  private static List<LedgerLine> firingsOf(Path ledger) throws IOException {
    if (!Files.exists(ledger)) {
      return List.of();
    }
    return Files.readAllLines(ledger).stream()
        .map(LedgerLine::parse)
        .flatMap(Optional::stream)
        .filter(l -> l.trigger().equals(TRIGGER))
        .toList();
  }

  private static long countOf(Path ledger, long scheduled) throws IOException {
    Instant at = Instant.ofEpochMilli(scheduled);
    return firingsOf(ledger).stream().filter(l -> l.scheduled().equals(at)).count();
  }
}
