package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.auth.CredentialsDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Creates the ZooKeeper credentials of a cluster. */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = "Manage the ZooKeeper credentials of a cluster.",
    subcommands = {CredentialsCommand.Init.class})
final class CredentialsCommand {
  @Command(
      name = "init",
      header = "Generate agent, admin and reader credentials into a directory.",
      mixinStandardHelpOptions = true,
      description = {
        "Generate a random password for each of the agent, admin and reader identities into DIR",
        "(the directory and each file readable by their owner only), and DIR/identities, the",
        "public ACL ids of the three. Copy `agent` and `identities` to /etc/hactl/credentials/",
        "on every node, `admin` or `reader` and `identities` to operators' machines. An existing",
        "credentials directory is left as it is. See docs/security.md."
      })
  static final class Init implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Directory to create.")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (!CredentialsDirectory.ensure(dir)) {
        throw new CliException(
            ExitCode.REFUSED, dir + " already holds credentials; nothing was changed");
      }
      System.out.println(
          dir
              + ": credentials generated for agent, admin and reader (files agent, admin, reader,"
              + " identities)");
      return ExitCode.OK.code();
    }
  }
}
