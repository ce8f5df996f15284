package io.hactl.ownership;

/** An ownership write was refused or could not be made; the node does not (or no longer) own. */
public class OwnershipException extends Exception {
  /** Why the write did not go through. */
  public enum Reason {
    /** Another node owns the service. */
    OWNED_ELSEWHERE,
    /** The breadcrumb changed under us: someone else acted first. */
    STALE,
    /** Our election (membership) node is gone. */
    NOT_A_MEMBER,
    /** ZooKeeper could not be reached or the session is gone. */
    CONNECTION
  }

  private final Reason reason;

  public OwnershipException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
