package io.hactl.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.hactl.agent.ExitCode;
import io.hactl.time.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints nodes and services: owner, state, epoch, failures; once, or again and again. */
@Command(
    name = "status",
    header = "Show nodes and services: owner, state, epoch, failures.",
    mixinStandardHelpOptions = true,
    description = {
      "Show the cluster: which nodes are up, and for every service its owner, state,",
      "epoch (the fencing token of the owner's term), failures in the recovery window,",
      "bans, nodes still to fence, and why it last changed.",
      "RUNNING means the owner saw every resource healthy recently: the owner publishes",
      "the time of its last good check, shown as \"last check N s ago\". An owner whose checks",
      "stopped (a hung agent, say) is shown as RUNNING? with the age of its last check.",
      "FAILURES counts the failures whose time is still inside the recovery window, now: it",
      "falls as the window slides, without any new event.",
      "",
      "The table fits the terminal's width (or $COLUMNS; 120 when neither is known): longer",
      "lines end in an ellipsis. -o json and -o yaml print everything in full, in the stable",
      "schema of docs/status-schema.md (schemaVersion 1).",
      "",
      "Examples:",
      "  hactl status                          the table",
      "  hactl status --watch                  redrawn every 2 s until interrupted",
      "  hactl status -o json | jq -r '.services[] | select(.name==\"schedd1\") | .owner'",
      "  hactl status --watch 5s -o json       one JSON document per line every 5 s",
      "",
      "Exit 0 when every enabled service is RUNNING and nothing read was corrupt, 1 otherwise",
      "(with --watch: of the last frame); 4 when ZooKeeper cannot be reached.",
      "Fence devices that fail the agents' periodic `status` check are listed at the end",
      "of the table."
    })
final class StatusCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    table,
    json,
    yaml
  }

  static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
  static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  /** Clears a terminal and homes the cursor, before each frame of --watch on a terminal. */
  static final String CLEAR = "\033[H\033[2J";

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = {"-w", "--watch"},
      paramLabel = "INTERVAL",
      arity = "0..1",
      fallbackValue = "2s",
      converter = DurationConverter.class,
      description =
          "Show the status again every INTERVAL (default 2s) until interrupted: redrawn in"
              + " place on a terminal, else one frame after the other (JSON: one document per"
              + " line; table and YAML: frames separated by a line starting with ---).")
  Duration watch;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "With --watch: stop after N frames (default: never).")
  Integer count;

  @Option(
      names = "--width",
      paramLabel = "COLUMNS",
      description = "Table width (default: the terminal's, else $COLUMNS, else 120).")
  Integer width;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    if (count != null && (count < 1 || watch == null)) {
      throw new CliException(ExitCode.USAGE, "--count N needs --watch and N >= 1");
    }
    if (watch != null && (watch.isNegative() || watch.compareTo(Duration.ofMillis(100)) < 0)) {
      throw new CliException(ExitCode.USAGE, "--watch INTERVAL must be at least 100ms");
    }
    PrintStream out = System.out;
    int columns = width != null ? width : TerminalWidth.detect();
    try (CuratorFramework client = cluster.connect()) {
      if (watch == null) {
        StatusModel m = read(client);
        out.print(frame(m, columns));
        if (format == Format.table) {
          out.print(FenceReadinessView.render(client, cluster.layout()));
        }
        out.flush();
        return code(m);
      }
      return watch(client, out, columns);
    }
  }

  private int watch(CuratorFramework client, PrintStream out, int columns)
      throws InterruptedException, CliException {
    boolean terminal = System.console() != null && format == Format.table;
    int code = ExitCode.FAILURE.code();
    for (int frame = 1; count == null || frame <= count; frame++) {
      if (frame > 1) {
        Sleeper.SYSTEM.sleep(watch);
      }
      String text;
      try {
        StatusModel m = read(client);
        code = code(m);
        text = frame(m, columns);
      } catch (CliException e) {
        throw e;
      } catch (Exception e) {
        code = ExitCode.ZK_UNAVAILABLE.code();
        text =
            "hactl: cannot read the cluster at "
                + Instant.now(clock)
                + ": "
                + e.getMessage()
                + " (retrying)\n";
      }
      if (terminal) {
        out.print(CLEAR + text);
      } else if (format == Format.json) {
        out.print(text);
      } else {
        out.print("--- " + Instant.now(clock) + "\n" + text);
      }
      out.flush();
    }
    return code;
  }

  private StatusModel read(CuratorFramework client) throws Exception {
    ClusterSnapshot snap = ClusterSnapshot.read(client, cluster.layout(), cluster::localConfig);
    return StatusModel.of(snap, clock.millis());
  }

  private String frame(StatusModel m, int columns) throws Exception {
    return switch (format) {
      case table -> StatusTable.render(m, columns);
      case json -> JSON.writeValueAsString(m) + "\n";
      case yaml -> YAML.writeValueAsString(m);
    };
  }

  private static int code(StatusModel m) {
    return m.healthy() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
  }
}
