package io.hactl.demo.scheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The demo scheduler's settings, from its command line and environment. Parsing checks form only;
 * whether the spool exists is checked at start.
 *
 * @param spool the shared spool's mountpoint; the store and the ledger live below it
 * @param node the node this scheduler runs on ({@code --node}, else {@code HACTL_NODE})
 * @param epoch the ownership epoch ({@code --epoch}, else {@code HACTL_EPOCH})
 * @param misfireThreshold how late a firing may be and still fire; see {@link DemoJobs}
 * @param fileLock whether the store's file is locked while open (see {@link SchedulerStore})
 * @param lockWait how long a start waits for a lock that a dying owner still holds
 * @param stopTimeout how long a stop waits for running jobs before giving up
 */
public record DemoOptions(
    Path spool,
    String node,
    long epoch,
    Duration misfireThreshold,
    boolean fileLock,
    Duration lockWait,
    Duration stopTimeout) {

  /** Environment variable naming the node; the agent sets it for the daemons it runs. */
  public static final String ENV_NODE = "HACTL_NODE";

  /** Environment variable holding the service's epoch; the agent sets it too. */
  public static final String ENV_EPOCH = "HACTL_EPOCH";

  /**
   * The misfire threshold unless {@code --misfire-threshold} says otherwise; see {@link DemoJobs}.
   */
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = DemoJobs.DEFAULT_MISFIRE_THRESHOLD;

  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  public static final String USAGE =
      "usage: DemoScheduler --spool DIR [--node NAME] [--epoch N] [--misfire-threshold 60s]"
          + " [--file-lock fs|no] [--lock-wait 10s] [--stop-timeout 10s]\n"
          + "  --node and --epoch default to $"
          + ENV_NODE
          + " and $"
          + ENV_EPOCH;

  /** Parses {@code args}, taking node and epoch from {@code env} unless given. */
  public static DemoOptions parse(List<String> args, Map<String, String> env)
      throws UsageException {
    Path spool = null;
    String node = env.get(ENV_NODE);
    String epoch = env.get(ENV_EPOCH);
    Duration threshold = DEFAULT_MISFIRE_THRESHOLD;
    boolean fileLock = true;
    Duration lockWait = DEFAULT_LOCK_WAIT;
    Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    Iterator<String> it = args.iterator();
    while (it.hasNext()) {
      String option = it.next();
      String value = value(option, it);
      switch (option) {
        case "--spool" -> spool = Path.of(value);
        case "--node" -> node = value;
        case "--epoch" -> epoch = value;
        case "--misfire-threshold" -> threshold = DurationArg.parse(option, value);
        case "--file-lock" -> fileLock = fileLock(value);
        case "--lock-wait" -> lockWait = DurationArg.parse(option, value);
        case "--stop-timeout" -> stopTimeout = DurationArg.parse(option, value);
        default -> throw new UsageException("unknown option " + option);
      }
    }
    if (spool == null || !spool.isAbsolute()) {
      throw new UsageException("--spool: an absolute directory is required");
    }
    if (node == null || !LedgerLine.NODE_NAME.matcher(node).matches()) {
      throw new UsageException(
          "--node or $" + ENV_NODE + ": a node name [a-z0-9][a-z0-9_-]{0,62} is required");
    }
    if (threshold.isZero() || stopTimeout.isZero()) {
      throw new UsageException("--misfire-threshold and --stop-timeout must be > 0");
    }
    return new DemoOptions(spool, node, epoch(epoch), threshold, fileLock, lockWait, stopTimeout);
  }

  private static String value(String option, Iterator<String> it) throws UsageException {
    if (!option.startsWith("--")) {
      throw new UsageException("unexpected argument '" + option + "'");
    }
    if (!it.hasNext()) {
      throw new UsageException(option + " needs a value");
    }
    return it.next();
  }

  private static boolean fileLock(String value) throws UsageException {
    return switch (value) {
      case "fs" -> true;
      case "no" -> false;
      default -> throw new UsageException("--file-lock: fs or no, not '" + value + "'");
    };
  }

  private static long epoch(String text) throws UsageException {
    if (text == null || !text.matches("[0-9]{1,18}")) {
      throw new UsageException(
          "--epoch or $" + ENV_EPOCH + ": a non-negative integer is required, got " + text);
    }
    return Long.parseLong(text);
  }
}
