package io.hactl.resource.ocf;

import io.hactl.config.OcfResourceConfig;
import io.hactl.resource.Lab;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OCF agents for tests: the test agent {@code ocf:test:Coded} installed under a temporary OCF root,
 * steered by files in its directory (see the agent), and configs for it and for the real agents of
 * Debian's resource-agents.
 */
final class OcfLab {
  static final Path SYSTEM_ROOT = OcfResourceConfig.DEFAULT_OCF_ROOT;

  private OcfLab() {}

  /** Installs the test agents under {@code tmp/ocf} and returns that OCF root. */
  static Path install(Path tmp) throws IOException {
    Path root = tmp.resolve("ocf");
    Path dir = Files.createDirectories(root.resolve("resource.d").resolve("test"));
    for (String agent : List.of("Coded")) {
      Path target = dir.resolve(agent);
      try (InputStream in = OcfLab.class.getResourceAsStream("/ocf/resource.d/test/" + agent)) {
        Files.copy(in, target);
      }
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return root;
  }

  /** Skips unless Debian's resource-agents are installed (with the shell they need). */
  static void assumeHeartbeat(String agent) {
    Lab.assumePrograms("sh");
    Path p = OcfResourceConfig.agentPath(SYSTEM_ROOT, "heartbeat", agent);
    Lab.assume(Files.isExecutable(p), "needs " + p + " (Debian package resource-agents)");
  }

  /** {@code ocf:test:Coded} steered by {@code dir}, short timeouts. */
  static OcfResourceConfig coded(Path root, Path dir) {
    return config(root, "test", "Coded", Map.of("dir", dir.toString()), Duration.ofSeconds(5));
  }

  static OcfResourceConfig config(
      Path root, String provider, String agent, Map<String, String> params, Duration timeouts) {
    return new OcfResourceConfig(
        "r1",
        provider,
        agent,
        params,
        root,
        0,
        timeouts,
        timeouts,
        Duration.ofSeconds(10),
        timeouts,
        timeouts,
        List.of());
  }

  /** The same config with other timeouts (start, stop, monitor, emergency stop). */
  static OcfResourceConfig withTimeouts(
      OcfResourceConfig c, Duration start, Duration stop, Duration monitor, Duration emergency) {
    return new OcfResourceConfig(
        c.name(),
        c.provider(),
        c.agent(),
        c.params(),
        c.ocfRoot(),
        c.monitorDepth(),
        start,
        stop,
        c.monitorInterval(),
        monitor,
        emergency,
        c.children());
  }
}
