package io.hactl.agent;

/** A {@link ServiceEvents} that ignores everything; a test overrides only what it records. */
interface NoOpEvents extends ServiceEvents {
  @Override
  default void transition(ServiceStatus status, ServiceState from, String reason) {}

  @Override
  default void checked(ServiceStatus status) {}

  @Override
  default void event(String service, String kind, String message) {}

  @Override
  default void ban(String service, long untilMillis, String reason) {}

  @Override
  default void disable(String service, String reason) {}

  @Override
  default void answer(String service, String requestId, boolean ok, String message) {}

  @Override
  default void liftBan(String service, String banned) {}
}
