package io.hactl.demo.scheduler;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo job: records its firing as one line of the ledger. It does nothing else, and does not
 * retry a line it failed to write (that firing then shows as missing in {@link LedgerCheck}).
 *
 * <p>Why a {@code kill -9} at any instant neither loses nor duplicates a line. With a JDBC store,
 * Quartz commits a firing in three transactions: (1) it acquires the trigger (state ACQUIRED, plus
 * a FIRED_TRIGGERS row); (2) in {@code triggersFired} it marks that row EXECUTING, copying the
 * job's {@code requestsRecovery} flag (true here), and advances the trigger to its next fire time,
 * in one commit; then it runs this job, which writes and forces its line; (3) it deletes the row.
 * The store forces every commit to disk ({@link SchedulerStore}), the ledger every line. At the
 * next start Quartz's {@code recoverJobs} frees ACQUIRED triggers and turns every EXECUTING row
 * that requested recovery into a one-shot recovery trigger carrying the original trigger's name and
 * scheduled time. So a kill:
 *
 * <ul>
 *   <li>before (2) commits: the trigger was not advanced; the next owner fires that scheduled time
 *       late (or, past the misfire threshold, skips it: see {@link DemoJobs}), and nothing was
 *       written yet: once;
 *   <li>after (2), before the line is on disk: the recovery trigger re-runs the firing with its
 *       original scheduled time, and this job writes it then: once;
 *   <li>after the line is on disk, before (3) commits (a window of a few milliseconds per firing):
 *       the recovery trigger re-runs it too, and here the ledger's memory of what it holds ({@link
 *       Ledger#record}) is what keeps the line from being written twice. Without it, this window
 *       duplicates;
 *   <li>after (3): nothing is re-run.
 * </ul>
 *
 * Two schedulers running at once (two owners) each have their own memory, and their duplicates
 * reach the ledger: that is the failure the ledger exists to show.
 */
final class LedgerJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerJob.class);

  private final Ledger ledger;
  private final String node;
  private final long epoch;

  LedgerJob(Ledger ledger, String node, long epoch) {
    this.ledger = ledger;
    this.node = node;
    this.epoch = epoch;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String trigger;
    Instant scheduled;
    if (context.isRecovering()) {
      trigger = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME);
      scheduled =
          Instant.ofEpochMilli(
              Long.parseLong(
                  data.getString(
                      Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)));
    } else {
      trigger = context.getTrigger().getKey().getName();
      scheduled = context.getScheduledFireTime().toInstant();
    }
    if (!data.containsKey(DemoJobs.INTERVAL_KEY)) {
      throw new JobExecutionException("trigger " + trigger + " lacks " + DemoJobs.INTERVAL_KEY);
    }
    Duration interval = Duration.ofMillis(data.getLong(DemoJobs.INTERVAL_KEY));
    LedgerLine line =
        new LedgerLine(
            trigger,
            interval,
            scheduled,
            context.getFireTime().toInstant(),
            node,
            epoch,
            context.isRecovering());
    try {
      ledger.record(line);
    } catch (IOException e) {
      LOG.error("cannot record {} in {}: {}", line.format(), ledger.file(), e.toString());
      throw new JobExecutionException(e);
    }
  }
}
