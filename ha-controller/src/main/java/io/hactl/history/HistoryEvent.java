package io.hactl.history;

/**
 * One entry of the cluster's event history.
 *
 * @param timeMillis wall-clock time
 * @param node node that recorded it (or {@code "cli"} for operator commands)
 * @param service service concerned, or null
 * @param kind {@code transition}, {@code fence}, {@code failure}, {@code ban}, {@code command}, ...
 * @param message operator-readable text
 */
public record HistoryEvent(
    long timeMillis, String node, String service, String kind, String message) {}
