package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the optional {@code alerts:} section: named hooks, each an absolute path, a
 * timeout and a queue size within {@link Limits}. It does not check that the program exists: the
 * stored file serves every node, so each agent checks its own.
 */
final class AlertsReader {
  static final String PATH = "alerts";
  static final List<String> KEYS = List.of("path", "timeout", "queue");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_QUEUE = 100;

  private final Problems problems;

  AlertsReader(Problems problems) {
    this.problems = problems;
  }

  List<AlertHookConfig> read(Map<String, JsonNode> entries) {
    List<AlertHookConfig> out = new ArrayList<>();
    entries.forEach(
        (name, v) -> {
          int before = problems.count();
          Fields f = Fields.of(v, Fields.key(PATH, name), problems, KEYS);
          if (f == null) {
            return;
          }
          Path path = f.absolutePath("path", "the hook's executable");
          Duration timeout = f.duration("timeout", DEFAULT_TIMEOUT, Limits.ALERT_TIMEOUT);
          Integer queue = f.integer("queue", DEFAULT_QUEUE, Limits.ALERT_QUEUE);
          if (problems.count() == before) {
            out.add(new AlertHookConfig(name, path, timeout, queue));
          }
        });
    return List.copyOf(out);
  }
}
