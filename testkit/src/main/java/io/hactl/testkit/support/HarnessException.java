package io.hactl.testkit.support;

/**
 * The harness could not build, drive or tear down part of a test cluster (a command failed, a
 * process did not come up in time). It says nothing about the system under test: a violation of
 * hactl's rules is a {@code Violation}, never this exception.
 */
public class HarnessException extends RuntimeException {
  public HarnessException(String message) {
    super(message);
  }

  public HarnessException(String message, Throwable cause) {
    super(message, cause);
  }
}
