package io.hactl.zk;

/**
 * A recovery ban ({@code ROOT/services/SVC/bans/NODE}): the node keeps off the service until the
 * wall-clock time {@code untilMillis}, because its failures filled the recovery window there.
 */
public record Ban(long untilMillis, String reason) {}
