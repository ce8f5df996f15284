package io.hactl.demo;

import io.hactl.agent.ExitCode;
import picocli.CommandLine;

/**
 * Entry point of the demo's jar: runs {@link DemoCommand} and exits with its status. {@code hactl
 * demo} starts this jar; run alone it needs {@code -Dhactl.jar=PATH} unless the product jar lies
 * where a build or an install puts it (see {@link JavaLauncher}).
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the demo's command line and returns the exit status (for tests). */
  public static int run(String... args) {
    CommandLine cmd = new CommandLine(new DemoCommand());
    cmd.setUsageHelpWidth(100);
    cmd.setExitCodeExceptionMapper(t -> ExitCode.FAILURE.code());
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("hactl demo: " + ex.getMessage());
          ex.getCommandLine().getErr().println("Try 'hactl demo --help'.");
          return ExitCode.USAGE.code();
        });
    return cmd.execute(args);
  }
}
