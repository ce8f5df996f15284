package io.hactl.config;

import java.time.Duration;

/**
 * What the owner does when a resource of the service fails (rgmanager {@code recovery}, {@code
 * max_restarts}, {@code restart_expire_time}).
 *
 * @param action first response to a failure
 * @param maxRestarts restarts in place allowed inside the window before relocating
 * @param window sliding window over which failures are counted
 */
public record RecoveryPolicy(Action action, int maxRestarts, Duration window) {
  public static final RecoveryPolicy DEFAULT =
      new RecoveryPolicy(Action.RESTART, 3, Duration.ofSeconds(60));

  /** First response to a failure. */
  public enum Action {
    /** Restart in place while the window allows, then relocate. */
    RESTART,
    /** Stop and release at once, so that another node takes over. */
    RELOCATE,
    /** Stop and disable the service; an operator must enable it again. */
    DISABLE
  }
}
