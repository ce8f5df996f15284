package io.hactl.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the bash completion script of a picocli command: picocli's completion of commands and
 * options, followed by a hand-written part (completion of the cluster's service and node names).
 * Build-time only.
 */
public final class BashCompletion {
  private BashCompletion() {}

  /** {@code BashCompletion OUTFILE MAINCLASS EXTRA}: writes the script to OUTFILE. */
  public static void main(String[] args) throws IOException, ReflectiveOperationException {
    if (args.length != 3) {
      System.err.println("usage: BashCompletion OUTFILE MAINCLASS EXTRA");
      System.exit(2);
    }
    Object command = Class.forName(args[1]).getDeclaredConstructor().newInstance();
    String script =
        AutoComplete.bash("hactl", new CommandLine(command))
            + Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, script, StandardCharsets.UTF_8);
  }
}
