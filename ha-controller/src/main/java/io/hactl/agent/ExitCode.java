package io.hactl.agent;

/** Exit statuses of the hactl command and agent; scripts may rely on them. */
public enum ExitCode {
  /** Done as asked. */
  OK(0),
  /** The operation failed; the message says why. */
  FAILURE(1),
  /** Wrong command-line usage. */
  USAGE(2),
  /** The configuration is invalid; every error was printed. */
  CONFIG_INVALID(3),
  /** ZooKeeper could not be reached in time. */
  ZK_UNAVAILABLE(4),
  /** The operation did not complete before its deadline; it may still complete later. */
  TIMEOUT(5),
  /** The cluster refused the request (unknown service, ineligible target, ...). */
  REFUSED(6),
  /** The agent exited because it could not confirm its emergency stop (self-fence). */
  SELF_FENCED(70);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
