package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.Durations;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Which history events a {@code hactl history} call shows: one service or all, and not older than a
 * given time. Pure; the newest-N cut is applied after filtering.
 */
record HistoryFilter(String service, long sinceMillis) {

  boolean test(HistoryEvent e) {
    return (service == null || service.equals(e.service())) && e.timeMillis() >= sinceMillis;
  }

  /** The newest {@code limit} entries that pass, oldest first (the order ZooKeeper gave). */
  List<History.Entry> newest(List<History.Entry> all, int limit) {
    List<History.Entry> passing = all.stream().filter(e -> test(e.event())).toList();
    return passing.subList(Math.max(0, passing.size() - limit), passing.size());
  }

  /** {@code 10m} (an age) or an ISO-8601 instant, as epoch milliseconds. */
  static long sinceMillis(String since) throws CliException {
    return sinceMillis(since, System.currentTimeMillis());
  }

  static long sinceMillis(String since, long nowMillis) throws CliException {
    try {
      return Instant.parse(since).toEpochMilli();
    } catch (DateTimeParseException notAnInstant) {
      try {
        long age = Durations.parse(since).toMillis();
        return nowMillis - Math.min(age, nowMillis);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new CliException(
            ExitCode.USAGE,
            "--since: '"
                + since
                + "' is neither an age (10m, 2h) nor a time (2026-11-30T08:00:00Z)");
      }
    }
  }
}
