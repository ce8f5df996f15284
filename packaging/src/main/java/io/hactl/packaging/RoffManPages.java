package io.hactl.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes one roff man page (section 1) per command of a picocli command tree: {@code hactl.1},
 * {@code hactl-status.1}, {@code hactl-fence-ack.1}, ... with NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
 * ARGUMENTS, COMMANDS, EXIT STATUS and SEE ALSO, so that {@code man hactl-relocate} works on an
 * installed system without AsciiDoc tooling. Build-time only; not shipped in the product jar.
 */
public final class RoffManPages {
  private final String source;
  private final String date;

  RoffManPages(String source, String date) {
    this.source = source;
    this.date = date;
  }

  /** {@code RoffManPages OUTDIR MAINCLASS [VERSION]}: writes the pages of MAINCLASS's commands. */
  public static void main(String[] args) throws ReflectiveOperationException {
    if (args.length < 2) {
      System.err.println("usage: RoffManPages OUTDIR MAINCLASS [VERSION]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Object command = Class.forName(args[1]).getDeclaredConstructor().newInstance();
    String version = args.length > 2 ? args[2] : "";
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    List<Path> written =
        new RoffManPages("hactl " + version, date).write(new CommandLine(command), out);
    System.out.println("wrote " + written.size() + " man pages to " + out);
  }

  /** Writes the pages of {@code root} and all its subcommands into {@code dir}. */
  List<Path> write(CommandLine root, Path dir) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      writeTree(root, dir, written);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  private void writeTree(CommandLine cmd, Path dir, List<Path> written) throws IOException {
    CommandSpec spec = cmd.getCommandSpec();
    if (spec.usageMessage().hidden()) {
      return;
    }
    Path file = dir.resolve(pageName(spec) + ".1");
    Files.writeString(file, page(spec), StandardCharsets.UTF_8);
    written.add(file);
    for (CommandLine sub : distinct(cmd)) {
      writeTree(sub, dir, written);
    }
  }

  /** The subcommands, each once (picocli lists aliases as extra entries). */
  private static List<CommandLine> distinct(CommandLine cmd) {
    List<CommandLine> out = new ArrayList<>();
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (!out.contains(sub) && !"help".equals(sub.getCommandName())) {
        out.add(sub);
      }
    }
    return out;
  }

  /** {@code hactl-fence-ack} for {@code hactl fence ack}. */
  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  String page(CommandSpec spec) {
    StringBuilder r = new StringBuilder();
    String name = pageName(spec);
    r.append(".\\\" Generated from the command's own help; do not edit.\n");
    r.append(".TH \"")
        .append(name.toUpperCase(Locale.ROOT))
        .append("\" \"1\" \"")
        .append(date)
        .append("\" \"")
        .append(escape(source.trim()))
        .append("\" \"hactl Manual\"\n");
    r.append(".SH NAME\n").append(escape(name)).append(" \\- ");
    r.append(escape(header(spec))).append('\n');
    synopsis(spec, r);
    section(r, "DESCRIPTION", spec.usageMessage().description());
    options(spec, r);
    arguments(spec, r);
    commands(spec, r);
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      section(r, spec.parent() == null ? "EXIT STATUS" : "NOTES", footer);
    }
    seeAlso(spec, r);
    return r.toString();
  }

  private static String header(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    if (header.length > 0) {
      return String.join(" ", header).trim();
    }
    String[] description = spec.usageMessage().description();
    return description.length > 0 ? description[0].trim() : spec.name();
  }

  private static void synopsis(CommandSpec spec, StringBuilder r) {
    r.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      r.append(o.required() ? "" : "[")
          .append("\\fB")
          .append(escape(o.longestName()))
          .append("\\fR");
      if (o.arity().max() > 0) {
        r.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      r.append(o.required() ? "" : "]").append('\n');
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        boolean optional = p.arity().min() == 0;
        r.append(optional ? "[" : "")
            .append("\\fI")
            .append(escape(p.paramLabel()))
            .append("\\fR")
            .append(p.arity().max() > 1 ? "..." : "")
            .append(optional ? "]" : "")
            .append('\n');
      }
    }
    if (!spec.subcommands().isEmpty()) {
      r.append("\\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
    }
  }

  private static void options(CommandSpec spec, StringBuilder r) {
    List<OptionSpec> shown = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (shown.isEmpty()) {
      return;
    }
    r.append(".SH OPTIONS\n");
    for (OptionSpec o : shown) {
      r.append(".TP\n");
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("\\fB" + escape(n) + "\\fR");
      }
      r.append(String.join(", ", names));
      if (o.arity().max() > 0) {
        r.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      r.append('\n');
      describe(o, r);
    }
  }

  private static void arguments(CommandSpec spec, StringBuilder r) {
    List<PositionalParamSpec> shown =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (shown.isEmpty()) {
      return;
    }
    r.append(".SH ARGUMENTS\n");
    for (PositionalParamSpec p : shown) {
      r.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
      describe(p, r);
    }
  }

  private static void describe(ArgSpec a, StringBuilder r) {
    List<String> lines = new ArrayList<>();
    for (String line : a.description()) {
      lines.add(line.replace("${DEFAULT-VALUE}", String.valueOf(a.defaultValueString())));
    }
    if (lines.isEmpty()) {
      lines.add("(no description)");
    }
    paragraphs(r, lines.toArray(String[]::new));
  }

  private static void commands(CommandSpec spec, StringBuilder r) {
    List<CommandLine> subs = distinct(spec.commandLine());
    if (subs.isEmpty()) {
      return;
    }
    r.append(".SH COMMANDS\n");
    for (CommandLine sub : subs) {
      CommandSpec s = sub.getCommandSpec();
      if (s.usageMessage().hidden()) {
        continue;
      }
      r.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n");
      r.append(escape(header(s)))
          .append(" See \\fB")
          .append(escape(pageName(s)))
          .append("\\fR(1).\n");
    }
  }

  private static void seeAlso(CommandSpec spec, StringBuilder r) {
    List<String> refs = new ArrayList<>();
    if (spec.parent() != null) {
      refs.add("\\fB" + escape(pageName(spec.parent())) + "\\fR(1)");
    }
    for (CommandLine sub : distinct(spec.commandLine())) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        refs.add("\\fB" + escape(pageName(sub.getCommandSpec())) + "\\fR(1)");
      }
    }
    if (!refs.isEmpty()) {
      r.append(".SH SEE ALSO\n").append(String.join(", ", refs)).append('\n');
    }
  }

  private static void section(StringBuilder r, String title, String[] lines) {
    if (lines.length == 0) {
      return;
    }
    r.append(".SH ").append(title).append('\n');
    paragraphs(r, lines);
  }

  /**
   * picocli help lines are pre-wrapped for a terminal: consecutive lines form one paragraph, an
   * empty line separates paragraphs, and an indented line is kept as a literal (no fill) line.
   */
  private static void paragraphs(StringBuilder r, String[] lines) {
    boolean literal = false;
    for (String raw : lines) {
      String line = raw.replace("%n", "");
      if (line.isBlank()) {
        if (literal) {
          r.append(".fi\n");
          literal = false;
        }
        r.append(".PP\n");
        continue;
      }
      boolean indented = line.startsWith("  ");
      if (indented && !literal) {
        r.append(".nf\n");
        literal = true;
      } else if (!indented && literal) {
        r.append(".fi\n");
        literal = false;
      }
      r.append(escape(indented ? line : line.trim())).append('\n');
    }
    if (literal) {
      r.append(".fi\n");
    }
  }

  /**
   * Escapes text for roff: backslashes, a leading dot or quote (a request), and hyphens in option
   * names so that they copy as ASCII minus signs.
   */
  static String escape(String text) {
    String s = text.replace("\\", "\\e").replace("-", "\\-");
    s = s.replace("`", "");
    if (s.startsWith(".") || s.startsWith("'")) {
      s = "\\&" + s;
    }
    return s;
  }
}
