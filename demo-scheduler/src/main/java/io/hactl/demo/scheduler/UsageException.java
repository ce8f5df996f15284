package io.hactl.demo.scheduler;

/** A command line that cannot be run: an unknown, missing or malformed option. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
