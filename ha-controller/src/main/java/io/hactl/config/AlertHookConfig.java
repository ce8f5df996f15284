package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One alert hook of the {@code alerts:} section: an executable the agent runs once per event
 * (transition, failover, fence attempt, BLOCKED, ban), with the event in {@code HACTL_*}
 * environment variables, under {@code timeout}. Events wait in a queue of {@code queue} entries;
 * when it is full the oldest is dropped (counted and logged).
 *
 * @param name the hook's name (logs, metrics)
 * @param path the executable, an absolute path (that it exists and is executable is checked by each
 *     agent on its own node)
 * @param timeout how long one call may take before its process group is killed
 * @param queue how many events may wait for this hook
 */
public record AlertHookConfig(String name, Path path, Duration timeout, int queue) {}
