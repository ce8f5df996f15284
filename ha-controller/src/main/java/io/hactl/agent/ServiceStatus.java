package io.hactl.agent;

/**
 * What a node reports about one service: who, what state, which epoch, how many failures in the
 * recovery window, and why it last changed.
 */
public record ServiceStatus(
    String service,
    String node,
    ServiceState state,
    long epoch,
    int failures,
    long sinceMillis,
    String reason) {}
