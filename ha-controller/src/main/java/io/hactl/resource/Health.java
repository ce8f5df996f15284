package io.hactl.resource;

/** The three-way result of a monitor, as in OCF. */
public enum Health {
  /** Running and healthy. */
  RUNNING,
  /** Cleanly not running (never started, or stopped). */
  STOPPED,
  /** Failed: running badly, half there, or the check itself timed out. */
  FAILED
}
