package io.hactl.testkit.check;

/**
 * One line the test daemon appended to the spool's heartbeat file.
 *
 * @param line 1-based line number: the order in which the writes reached the file
 * @param node the node the daemon ran on (HACTL_NODE)
 * @param epoch the epoch hactl gave it (HACTL_EPOCH)
 * @param nanos when the daemon took the line's timestamp, on the harness's monotonic clock
 * @param pid the daemon's pid
 */
public record Heartbeat(int line, String node, long epoch, long nanos, long pid) {}
