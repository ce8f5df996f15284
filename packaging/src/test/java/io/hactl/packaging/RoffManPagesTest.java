package io.hactl.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoffManPagesTest {
  @TempDir Path dir;

  @Command(
      name = "tool",
      description = {"Does things.", "", "  indented literal -x", ".starts with a dot"},
      footer = {"Exit status: 0 ok."},
      subcommands = {Sub.class})
  static final class Tool {}

  @Command(name = "sub", header = "A sub-command with a back\\slash.")
  static final class Sub {
    @Option(
        names = {"-t", "--timeout"},
        paramLabel = "DURATION",
        defaultValue = "5m",
        description = "How long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;
  }

  @Test
  void writesOnePagePerCommandWithItsOwnName() {
    List<Path> pages =
        new RoffManPages("tool 1.0", "2026-01-01").write(new CommandLine(new Tool()), dir);
    assertEquals(List.of(dir.resolve("tool.1"), dir.resolve("tool-sub.1")), pages);
  }

  @Test
  void pageCarriesSectionsOptionsAndEscapes() throws Exception {
    new RoffManPages("tool 1.0", "2026-01-01").write(new CommandLine(new Tool()), dir);
    String sub = Files.readString(dir.resolve("tool-sub.1"));
    assertTrue(sub.contains(".TH \"TOOL-SUB\" \"1\" \"2026-01-01\" \"tool 1.0\""), sub);
    assertTrue(sub.contains("tool\\-sub \\- A sub\\-command with a back\\eslash."), sub);
    assertTrue(sub.contains("\\fB\\-t\\fR, \\fB\\-\\-timeout\\fR \\fIDURATION\\fR"), sub);
    assertTrue(sub.contains("How long (default: 5m)."), sub);
    assertTrue(sub.contains(".SH ARGUMENTS\n.TP\n\\fISERVICE\\fR"), sub);
    assertTrue(sub.contains(".SH SEE ALSO\n\\fBtool\\fR(1)"), sub);

    String top = Files.readString(dir.resolve("tool.1"));
    assertTrue(top.contains(".nf\n  indented literal \\-x\n.fi\n"), top);
    assertTrue(top.contains("\\&.starts with a dot"), top);
    assertTrue(top.contains(".SH EXIT STATUS\nExit status: 0 ok."), top);
    assertTrue(top.contains(".SH COMMANDS\n.TP\n\\fBsub\\fR"), top);
  }
}
