package io.hactl.zk;

/**
 * An agent's answer to a {@link ServiceRequest} ({@code ROOT/services/SVC/requests/ID/NODE}):
 * carried out, or rejected with the reason. Written once by the agent of {@code node}.
 *
 * @param ok true when carried out, false when rejected
 * @param message what was done, or why it cannot be done and what to do
 * @param atMillis wall-clock time of the answer
 */
public record RequestAnswer(boolean ok, String message, long atMillis) {}
