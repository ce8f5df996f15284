package io.hactl.agent;

/**
 * A service was asked to make a move its state table does not list. Thrown by the one {@code
 * transition} of a service; the controller logs it at ERROR, records it in the history and drives
 * the service to a safe state.
 */
public final class IllegalTransitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ServiceState from;
  private final ServiceState to;

  public IllegalTransitionException(
      String service, ServiceState from, ServiceState to, String why) {
    super(
        "service "
            + service
            + ": illegal move "
            + from
            + " -> "
            + to
            + " ("
            + why
            + "); legal from "
            + from
            + ": "
            + from.next());
    this.from = from;
    this.to = to;
  }

  public ServiceState from() {
    return from;
  }

  public ServiceState to() {
    return to;
  }
}
