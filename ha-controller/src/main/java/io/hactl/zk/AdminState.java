package io.hactl.zk;

/**
 * What operators set for a service ({@code ROOT/services/SVC/admin}): enabled or not, frozen or
 * not. Written by commands (and by the recovery policy {@code disable}), read by every agent.
 * One-shot requests (relocate, restart, clear) are not here: they are {@link ServiceRequest}s.
 *
 * @param enabled overrides the configuration's {@code enabled} when not null
 * @param frozen true while the service is frozen (no monitoring, no restart, no failover)
 */
public record AdminState(Boolean enabled, Boolean frozen) {
  public static final AdminState NONE = new AdminState(null, null);

  public AdminState withEnabled(boolean e) {
    return new AdminState(e, frozen);
  }

  public AdminState withFrozen(boolean f) {
    return new AdminState(enabled, f ? Boolean.TRUE : null);
  }

  /** Whether the service is frozen. */
  public boolean frozenNow() {
    return Boolean.TRUE.equals(frozen);
  }
}
