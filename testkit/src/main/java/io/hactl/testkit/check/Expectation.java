package io.hactl.testkit.check;

/** Something the checker must find true of the timeline, recorded by the fault that implies it. */
public sealed interface Expectation {
  /** A short name for reports: the fault and round that set it. */
  String label();

  /**
   * Liveness: from {@code from} on, a sample with exactly one node running the service (and no
   * other node touching it) appears no later than {@code deadline}. That node must be {@code
   * required} when given (restart in place, relocation target) and must not be {@code excluded}
   * when given (the lost owner, which may keep running while it cannot be fenced).
   */
  record Recovery(String label, long from, long deadline, String required, String excluded)
      implements Expectation {
    /** A recovery on any node. */
    public Recovery(String label, long from, long deadline) {
      this(label, from, deadline, null, null);
    }

    /** Whether {@code runner} counts as a recovery. */
    public boolean accepts(String runner) {
      return runner != null
          && (required == null || runner.equals(required))
          && !runner.equals(excluded);
    }

    /** " on n2" / " other than n1" / "", for messages. */
    public String where() {
      if (required != null) {
        return " on " + required;
      }
      return excluded == null ? "" : " other than " + excluded;
    }
  }

  /**
   * Fencing: while the fence device of {@code victim} is broken, from the loss of the victim at
   * {@code from} until the device works again at {@code to}, no other node mounts the spool or runs
   * the daemon.
   */
  record NoTakeover(String label, String victim, long from, long to) implements Expectation {}

  /** Clean hand-offs: between {@code from} and {@code to} no BMC is asked to power a node off. */
  record NoFence(String label, long from, long to) implements Expectation {}
}
