package io.hactl.demo.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * The demo's job and its three triggers, defined in the store only when the store lacks them, so
 * that every later start, on whichever node, runs the schedule the first start wrote.
 *
 * <p>Misfires. Quartz fires a trigger late as long as it is no later than the misfire threshold
 * ({@value #DEFAULT_MISFIRE_THRESHOLD_SECONDS} s by default, Quartz's own default); each firing
 * moves the trigger to its next scheduled time, so after a failover shorter than the threshold
 * every firing of the outage fires, late, once each, in order, within a few hundred milliseconds of
 * the start. A threshold of 60 s covers a crash failover (session timeout, fencing, mount, start)
 * with room to spare. A trigger whose next firing is later than the threshold has misfired, and its
 * policy {@code MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT} skips the missed firings
 * and resumes on the original grid at the next scheduled time, so a day-long outage does not replay
 * a day of firings; {@link LedgerCheck} reports those skipped firings as missed beyond the
 * threshold. ({@code IGNORE_MISFIRE_POLICY} would replay every firing however long the outage; the
 * {@code RESCHEDULE_NOW} policies would move the grid and lose the schedule.)
 */
final class DemoJobs {
  static final long DEFAULT_MISFIRE_THRESHOLD_SECONDS = 60;
  static final Duration DEFAULT_MISFIRE_THRESHOLD =
      Duration.ofSeconds(DEFAULT_MISFIRE_THRESHOLD_SECONDS);

  /** Key of the job's data holding its trigger's interval in milliseconds. */
  static final String INTERVAL_KEY = "intervalMs";

  static final JobKey JOB = JobKey.jobKey("ledger", "demo");

  /** The demo triggers' intervals. */
  static final List<Duration> INTERVALS =
      List.of(Duration.ofMillis(1000), Duration.ofMillis(1500), Duration.ofMillis(2000));

  private DemoJobs() {}

  /**
   * Defines the job and its triggers in one transaction if the store lacks the job, starting them
   * on the next whole second at least one second from now.
   *
   * @return the triggers the store now holds for the job
   */
  static List<? extends Trigger> defineIfAbsent(Scheduler scheduler, Clock clock)
      throws SchedulerException {
    if (!scheduler.checkExists(JOB)) {
      JobDetail job =
          JobBuilder.newJob(LedgerJob.class)
              .withIdentity(JOB)
              .withDescription("appends one line per firing to the ledger")
              .storeDurably()
              .requestRecovery()
              .build();
      Instant start = clock.instant().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      Set<Trigger> triggers = new LinkedHashSet<>();
      for (Duration interval : INTERVALS) {
        triggers.add(trigger(interval, start));
      }
      Map<JobDetail, Set<? extends Trigger>> definition = new LinkedHashMap<>();
      definition.put(job, triggers);
      scheduler.scheduleJobs(definition, false);
    }
    return new ArrayList<>(scheduler.getTriggersOfJob(JOB));
  }

  /** The trigger name for an interval, e.g. {@code every-1500ms}. */
  static String triggerName(Duration interval) {
    return "every-" + interval.toMillis() + "ms";
  }

  private static Trigger trigger(Duration interval, Instant start) {
    return TriggerBuilder.newTrigger()
        .withIdentity(triggerName(interval), JOB.getGroup())
        .forJob(JOB)
        .usingJobData(INTERVAL_KEY, interval.toMillis())
        .startAt(Date.from(start))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(interval.toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
