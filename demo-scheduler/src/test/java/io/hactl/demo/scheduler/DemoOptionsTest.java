package io.hactl.demo.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoOptionsTest {
  private static final Map<String, String> ENV =
      Map.of(DemoOptions.ENV_NODE, "n1", DemoOptions.ENV_EPOCH, "42");

  @Test
  void nodeAndEpochComeFromTheEnvironmentUnlessGiven() throws UsageException {
    DemoOptions fromEnv = DemoOptions.parse(List.of("--spool", "/srv/spool"), ENV);
    assertEquals(Path.of("/srv/spool"), fromEnv.spool());
    assertEquals("n1", fromEnv.node());
    assertEquals(42, fromEnv.epoch());
    assertEquals(Duration.ofSeconds(60), fromEnv.misfireThreshold());
    assertTrue(fromEnv.fileLock());

    DemoOptions given =
        DemoOptions.parse(
            List.of(
                "--spool",
                "/srv/spool",
                "--node",
                "n2",
                "--epoch",
                "43",
                "--misfire-threshold",
                "5s",
                "--file-lock",
                "no",
                "--lock-wait",
                "500ms",
                "--stop-timeout",
                "1m"),
            ENV);
    assertEquals("n2", given.node());
    assertEquals(43, given.epoch());
    assertEquals(Duration.ofSeconds(5), given.misfireThreshold());
    assertFalse(given.fileLock());
    assertEquals(Duration.ofMillis(500), given.lockWait());
    assertEquals(Duration.ofMinutes(1), given.stopTimeout());
  }

  @Test
  void badCommandLinesAreRejectedNamingTheOption() {
    assertMessage("--spool: an absolute directory", List.of(), ENV);
    assertMessage("--spool: an absolute directory", List.of("--spool", "rel"), ENV);
    assertMessage("--node or $HACTL_NODE", List.of("--spool", "/s"), Map.of());
    assertMessage("--node or $HACTL_NODE", List.of("--spool", "/s", "--node", "N 1"), ENV);
    assertMessage("--epoch or $HACTL_EPOCH", List.of("--spool", "/s", "--epoch", "-1"), ENV);
    assertMessage(
        "--lock-wait: not a duration", List.of("--spool", "/s", "--lock-wait", "1h"), ENV);
    assertMessage("--file-lock: fs or no", List.of("--spool", "/s", "--file-lock", "yes"), ENV);
    assertMessage("unknown option --verbose", List.of("--verbose", "1"), ENV);
    assertMessage("--spool needs a value", List.of("--spool"), ENV);
  }

  private static void assertMessage(String start, List<String> args, Map<String, String> env) {
    UsageException e = assertThrows(UsageException.class, () -> DemoOptions.parse(args, env));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
