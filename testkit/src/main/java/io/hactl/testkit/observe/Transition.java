package io.hactl.testkit.observe;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service state transition an agent logged, e.g. {@code service s1 on n2: STARTING -> RUNNING
 * (epoch 4294967301)}, stamped by the harness when it read the line.
 *
 * @param nanos when the harness read the line (monotonic clock)
 * @param service the service
 * @param node the node whose agent logged it
 * @param from previous state
 * @param to new state
 * @param epoch the epoch, when the line carries one
 */
public record Transition(
    long nanos, String service, String node, String from, String to, OptionalLong epoch) {
  private static final Pattern LINE =
      Pattern.compile(
          "service (\\S+) on (\\S+): ([A-Za-z_]+) -> ([A-Za-z_]+)(?: \\(epoch (\\d+)\\))?");

  /** The transition in an agent log line, if the line holds one. */
  public static Optional<Transition> parse(long nanos, String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    OptionalLong epoch =
        m.group(5) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(5)));
    return Optional.of(
        new Transition(nanos, m.group(1), m.group(2), m.group(3), m.group(4), epoch));
  }
}
