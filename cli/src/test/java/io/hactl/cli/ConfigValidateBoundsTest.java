package io.hactl.cli;

import static io.hactl.cli.HactlRun.hactl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl config validate} refuses the two configurations of issue 7 that it used to accept,
 * naming the field, its range and why; and accepts the largest values of those ranges.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigValidateBoundsTest {
  @TempDir Path tmp;

  private static final String BASE =
      """
      cluster:
        name: prod
        sessionTimeout: %s
      nodes: {n1: {address: 10.0.0.1, fence: manual}}
      failoverDomains: {d1: {nodes: [n1]}}
      services:
        s1:
          domain: d1
          recovery: {policy: restart, maxRestarts: 3, window: %s}
          resources:
            - {type: exec, name: daemon, command: [/bin/sleep, "100"]}
      """;

  private HactlRun validate(String sessionTimeout, String window) throws Exception {
    Path file = tmp.resolve("c-" + sessionTimeout + "-" + window + ".yaml");
    Files.writeString(file, BASE.formatted(sessionTimeout, window));
    return hactl("config", "validate", file.toString());
  }

  @Test
  void anAbsurdRecoveryWindowIsRefusedNamingItsField() throws Exception {
    HactlRun r = validate("10s", "999999999h");
    assertEquals(ExitCode.CONFIG_INVALID.code(), r.code(), r.out() + r.err());
    assertTrue(
        r.err()
            .contains(
                "services.s1.recovery.window: must be a duration from 1s to 24h (got"
                    + " \"999999999h\")"),
        r.err());
  }

  @Test
  void aSessionTimeoutOfHoursIsRefusedNamingItsFieldAndWhy() throws Exception {
    HactlRun r = validate("600h", "60s");
    assertEquals(ExitCode.CONFIG_INVALID.code(), r.code(), r.out() + r.err());
    assertTrue(
        r.err()
            .contains(
                "cluster.sessionTimeout: must be a duration from 2s to 5m (got \"600h\"): when an"
                    + " owner crashes or is cut off, no other node may take over before its"
                    + " session expires"),
        r.err());
  }

  @Test
  void theLargestValuesOfBothRangesAreValid() throws Exception {
    HactlRun r = validate("5m", "24h");
    assertEquals(ExitCode.OK.code(), r.code(), r.out() + r.err());
  }
}
