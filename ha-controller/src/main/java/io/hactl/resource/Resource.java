package io.hactl.resource;

/**
 * One live resource of a service on the owner node, for one ownership term. A resource is built
 * when the node becomes owner and dropped when it stops owning; every mutating action it takes
 * (mount, spawn, write) goes through the term's {@link ActionGuard}, so that after {@link
 * ActionGuard#revoke} nothing new can start. Every method has a deadline taken from the resource's
 * configuration.
 *
 * <p>Threading: {@link #start}, {@link #stop} and {@link #monitor} are called from the service's
 * worker thread, one at a time. {@link #emergencyStop} may be called from another thread while one
 * of them is in progress, and must then win: it kills what the other started.
 */
public interface Resource {
  /** Name from the configuration. */
  String name();

  /**
   * Starts the resource; idempotent (starting a running resource succeeds). Returns when it is up
   * or throws; a timeout is a failure.
   */
  void start() throws ResourceException;

  /** Stops the resource gracefully within its stop timeout; idempotent. */
  void stop() throws ResourceException;

  /** Checks the resource: {@code depth} 0 is cheap, 10 is deep (OCF_CHECK_LEVEL). */
  Health monitor(int depth);

  /**
   * {@link #monitor} with how far a failure reaches. Resources that cannot tell report every
   * failure as {@link Severity#SOFT}; an OCF agent can (a hard or a configuration error).
   */
  default Check check(int depth) {
    return new Check(monitor(depth), Severity.SOFT);
  }

  /** The result of {@link #check}: the health, and the severity when it is not running. */
  record Check(Health health, Severity severity) {}

  /**
   * The emergency stop of DESIGN rule 4: TERM, a short grace, KILL, and for mounts the unmount, all
   * within {@link io.hactl.config.ResourceConfig#emergencyBudget()}. Never throws.
   *
   * @return true when the resource is confirmed gone (no process, no mount)
   */
  boolean emergencyStop();

  /**
   * Registers who hears about an unexpected failure between monitors (a foreground daemon that
   * died). The listener is called on an arbitrary thread and must not block.
   */
  void onFailure(FailureListener listener);

  /** Hears about failures noticed outside {@link #monitor}. */
  @FunctionalInterface
  interface FailureListener {
    void failed(String resource, String reason);
  }
}
