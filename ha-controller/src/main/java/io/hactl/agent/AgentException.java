package io.hactl.agent;

/** The agent cannot start or must stop; carries the exit code the process should end with. */
public class AgentException extends Exception {
  private final ExitCode exitCode;

  public AgentException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public AgentException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
