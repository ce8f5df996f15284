package io.hactl.demo.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One firing as the ledger records it: which trigger, the time Quartz scheduled it for, the time it
 * actually fired, and the node and epoch of the scheduler that fired it. Parsing is strict: a line
 * that deviates in any way from {@link #format()} is not a ledger line. It does not check that a
 * firing belongs to its trigger's schedule; {@link LedgerCheck} does.
 *
 * @param trigger the Quartz trigger's name
 * @param interval the trigger's repeat interval, which defines the expected schedule
 * @param scheduled the fire time Quartz scheduled (for a recovered firing: the original one)
 * @param fired the time Quartz actually fired it
 * @param node the node the scheduler ran on
 * @param epoch the ownership epoch the scheduler ran with
 * @param recovered whether Quartz re-ran this firing after a crash (a recovery trigger)
 */
public record LedgerLine(
    String trigger,
    Duration interval,
    Instant scheduled,
    Instant fired,
    String node,
    long epoch,
    boolean recovered) {

  /** Names a ledger line may carry: the node-name rule of the cluster configuration. */
  public static final Pattern NODE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Pattern LINE =
      Pattern.compile(
          "trigger=([A-Za-z0-9_.-]{1,200}) interval=([0-9]{1,12})"
              + " scheduled=(\\S+) fired=(\\S+) node=("
              + NODE_NAME.pattern()
              + ") epoch=([0-9]{1,19}) recovered=(true|false)");

  public LedgerLine {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0: " + interval);
    }
  }

  /** The text of this line, without the line break. */
  public String format() {
    return "trigger="
        + trigger
        + " interval="
        + interval.toMillis()
        + " scheduled="
        + scheduled
        + " fired="
        + fired
        + " node="
        + node
        + " epoch="
        + epoch
        + " recovered="
        + recovered;
  }

  /** The firing's identity: a trigger fires each scheduled time at most once. */
  public String key() {
    return key(trigger, scheduled);
  }

  /** How late the firing was; negative if it fired early. */
  public Duration lateness() {
    return Duration.between(scheduled, fired);
  }

  static String key(String trigger, Instant scheduled) {
    return trigger + "@" + scheduled.toEpochMilli();
  }

  /** Parses one line; empty if the text is not exactly a ledger line. */
  public static Optional<LedgerLine> parse(String text) {
    Matcher m = LINE.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      long intervalMs = Long.parseLong(m.group(2));
      long epoch = Long.parseLong(m.group(6));
      if (intervalMs <= 0) {
        return Optional.empty();
      }
      return Optional.of(
          new LedgerLine(
              m.group(1),
              Duration.ofMillis(intervalMs),
              Instant.parse(m.group(3)),
              Instant.parse(m.group(4)),
              m.group(5),
              epoch,
              Boolean.parseBoolean(m.group(7))));
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
