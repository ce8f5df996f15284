package io.hactl.demo.scheduler;

/** The demo scheduler could not start, run or stop as asked; the message says why. */
public final class DemoSchedulerException extends Exception {
  public DemoSchedulerException(String message) {
    super(message);
  }

  public DemoSchedulerException(String message, Throwable cause) {
    super(message, cause);
  }
}
