package io.hactl.cli;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The width to draw tables in: the terminal's ({@code stty size} on the controlling terminal, at
 * most one second), else {@code $COLUMNS}, else {@link StatusTable#DEFAULT_WIDTH}. Never fails.
 */
final class TerminalWidth {
  private static final Duration STTY_DEADLINE = Duration.ofSeconds(1);

  private TerminalWidth() {}

  static int detect() {
    if (System.console() != null) {
      Optional<Integer> tty = stty();
      if (tty.isPresent()) {
        return tty.get();
      }
    }
    return parse(System.getenv("COLUMNS")).orElse(StatusTable.DEFAULT_WIDTH);
  }

  /** A positive column count of at most 10,000, else empty. */
  static Optional<Integer> parse(String columns) {
    if (columns == null || !columns.trim().matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    int n = Integer.parseInt(columns.trim());
    return n > 0 && n <= 10_000 ? Optional.of(n) : Optional.empty();
  }

  private static Optional<Integer> stty() {
    try {
      ProcessResult r =
          new ProcessRunner()
              .run(
                  ProcessSpec.of(
                      "stty size",
                      STTY_DEADLINE,
                      List.of("sh", "-c", "stty size < /dev/tty 2>/dev/null")));
      if (r.exitCode() != 0 || r.output().isEmpty()) {
        return Optional.empty();
      }
      String[] rowsCols = r.output().get(0).trim().split("\\s+");
      return rowsCols.length == 2 ? parse(rowsCols[1]) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
