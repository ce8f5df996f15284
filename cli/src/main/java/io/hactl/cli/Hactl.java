package io.hactl.cli;

import io.hactl.agent.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hactl} command: the one entry point of the agent and every operator command. */
@Command(
    name = "hactl",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Keeps one batch-scheduler daemon (HTCondor schedd, Slurm slurmctld, a Quartz scheduler)",
      "running on exactly one node, with its spool mounted only there, and moves it on failure.",
      "",
      "Commands talk to the cluster's ZooKeeper; they find it through --config FILE",
      "(default: $HACTL_CONFIG, else /etc/hactl/cluster.yaml) or --zookeeper/--cluster."
    },
    subcommands = {
      io.hactl.cli.demo.DemoCommand.class,
      AgentCommand.class,
      ConfigCommand.class,
      StatusCommand.class,
      RelocateCommand.class,
      EnableCommand.class,
      DisableCommand.class,
      HistoryCommand.class,
      ZooKeeperCommand.class,
      ClusterCreateCommand.class,
      FenceCommand.class,
      ClearRequestCommand.class,
      CredentialsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 done, 1 failed, 2 usage, 3 invalid configuration, 4 ZooKeeper unreachable,",
      "5 timed out (the request may still complete), 6 refused by the cluster, 70 self-fenced."
    })
public final class Hactl {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (for tests). */
  public static int run(String... args) {
    CommandLine cmd = new CommandLine(new Hactl());
    cmd.setUsageHelpWidth(100);
    cmd.setExitCodeExceptionMapper(t -> ExitCode.FAILURE.code());
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("hactl: " + ex.getMessage());
          ex.getCommandLine()
              .getErr()
              .println("Try 'hactl " + ex.getCommandLine().getCommandName() + " --help'.");
          return ExitCode.USAGE.code();
        });
    cmd.setExecutionExceptionHandler(
        (ex, c, p) -> {
          if (ex instanceof org.apache.zookeeper.KeeperException.NoAuthException na) {
            c.getErr()
                .println(
                    "hactl: not authorized: ZooKeeper refused this identity access to "
                        + na.getPath()
                        + " (status and history need the reader identity; changes and commands"
                        + " need admin: see --credentials)");
            return ExitCode.REFUSED.code();
          }
          c.getErr().println("hactl: " + ex.getMessage());
          return ex instanceof CliException ce ? ce.exitCode().code() : ExitCode.FAILURE.code();
        });
    return cmd.execute(args);
  }
}
