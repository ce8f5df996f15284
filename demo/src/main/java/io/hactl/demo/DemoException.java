package io.hactl.demo;

import io.hactl.agent.ExitCode;

/** A step of the demo failed or timed out; carries the exit status and the reason to print. */
final class DemoException extends Exception {
  private final ExitCode exitCode;

  DemoException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  DemoException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  ExitCode exitCode() {
    return exitCode;
  }
}
