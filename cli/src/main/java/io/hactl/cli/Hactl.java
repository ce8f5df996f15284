package io.hactl.cli;

import ch.qos.logback.classic.Level;
import io.hactl.agent.ExitCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

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
      DemoCommand.class,
      AgentCommand.class,
      ConfigCommand.class,
      StatusCommand.class,
      RelocateCommand.class,
      EnableCommand.class,
      DisableCommand.class,
      FreezeCommand.class,
      UnfreezeCommand.class,
      RestartCommand.class,
      ClearCommand.class,
      NodeCommand.class,
      RequestsCommand.class,
      HistoryCommand.class,
      WebCommand.class,
      ZooKeeperCommand.class,
      ClusterCreateCommand.class,
      FenceCommand.class,
      CompleteCommand.class,
      ClearRequestCommand.class,
      CredentialsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 done, 1 failed, 2 usage, 3 invalid configuration, 4 ZooKeeper unreachable,",
      "5 timed out (the request may still complete), 6 refused by the cluster, 70 self-fenced."
    })
public final class Hactl implements Callable<Integer> {
  /** Commands that run as daemons and keep the ZooKeeper client's own log lines. */
  private static final Set<String> DAEMONS = Set.of("agent", "zookeeper", "demo");

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show the ZooKeeper client's log lines and stack traces of failures.")
  boolean debug;

  /** Bare {@code hactl}: the usage, on stderr, and the usage exit status. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

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
              .println(
                  "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
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
          if (ex instanceof org.apache.zookeeper.KeeperException.ConnectionLossException
              || ex instanceof org.apache.zookeeper.KeeperException.SessionExpiredException) {
            c.getErr()
                .println(
                    "hactl: lost ZooKeeper while reading or writing "
                        + ((org.apache.zookeeper.KeeperException) ex).getPath()
                        + ": the ensemble stopped answering; what was asked may or may not have"
                        + " been done (check with `hactl status`)");
            if (debugging(p)) {
              ex.printStackTrace(c.getErr());
            }
            return ExitCode.ZK_UNAVAILABLE.code();
          }
          c.getErr().println("hactl: " + ex.getMessage());
          if (debugging(p)) {
            ex.printStackTrace(c.getErr());
          }
          return ex instanceof CliException ce ? ce.exitCode().code() : ExitCode.FAILURE.code();
        });
    cmd.setExecutionStrategy(
        parsed -> {
          quietLibraries(parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    return cmd.execute(args);
  }

  private static boolean debugging(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * An operator command prints one clear line when ZooKeeper cannot be reached, not the client
   * library's reconnect warnings with their stack traces: those are shown with {@code --debug}, and
   * by the daemons (agent, zookeeper, demo), whose logs are read later.
   */
  private static void quietLibraries(ParseResult parsed) {
    String leaf = parsed.commandSpec().name();
    for (ParseResult p = parsed.subcommand(); p != null; p = p.subcommand()) {
      leaf = p.commandSpec().name();
      if (DAEMONS.contains(leaf)) {
        return;
      }
    }
    if (debugging(parsed) || DAEMONS.contains(leaf)) {
      return;
    }
    // The fence and config commands print each agent's outcome themselves: the runner's lines
    // (the child's output, its start and end) are for --debug.
    for (String name :
        List.of(
            "org.apache.zookeeper", "org.apache.curator", "io.hactl.process", "io.hactl.fencing")) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(Level.OFF);
      }
    }
  }
}
