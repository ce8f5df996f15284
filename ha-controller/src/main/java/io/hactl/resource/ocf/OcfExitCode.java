package io.hactl.resource.ocf;

import io.hactl.resource.Severity;

/**
 * The exit codes of an OCF resource agent (OCF 1.1), and how far each one reaches when it means a
 * failure. A code the standard does not define is treated as {@link #ERR_GENERIC}, as Pacemaker
 * does.
 */
public enum OcfExitCode {
  SUCCESS(0, Severity.SOFT),
  /** A generic error: worth retrying here. */
  ERR_GENERIC(1, Severity.SOFT),
  /** Bad or missing arguments for this node: another node may do. */
  ERR_ARGS(2, Severity.HARD),
  /** The action is not implemented; Pacemaker counts it hard, and so does hactl. */
  ERR_UNIMPLEMENTED(3, Severity.HARD),
  /** Insufficient privileges on this node. */
  ERR_PERM(4, Severity.HARD),
  /** A program or file the agent needs is missing on this node. */
  ERR_INSTALLED(5, Severity.HARD),
  /** The configuration is wrong: no node can run it. */
  ERR_CONFIGURED(6, Severity.FATAL),
  /** Cleanly not running; a failure only when it was expected to run. */
  NOT_RUNNING(7, Severity.SOFT),
  /** Running as a promoted instance; hactl runs no promotable resources. */
  RUNNING_PROMOTED(8, Severity.SOFT),
  FAILED_PROMOTED(9, Severity.SOFT),
  /** Running, but degraded: healthy enough, logged. */
  DEGRADED(190, Severity.SOFT),
  DEGRADED_PROMOTED(191, Severity.SOFT);

  private final int code;
  private final Severity severity;

  OcfExitCode(int code, Severity severity) {
    this.code = code;
    this.severity = severity;
  }

  public int code() {
    return code;
  }

  /** How far this code reaches when it is a failure. */
  public Severity severity() {
    return severity;
  }

  /** The constant of {@code status}; an undefined status is {@link #ERR_GENERIC}. */
  public static OcfExitCode of(int status) {
    for (OcfExitCode c : values()) {
      if (c.code == status) {
        return c;
      }
    }
    return ERR_GENERIC;
  }

  /** {@code OCF_NAME (N)}, as an operator reads it in a log line. */
  public String describe() {
    return "OCF_" + name() + " (" + code + ")";
  }
}
