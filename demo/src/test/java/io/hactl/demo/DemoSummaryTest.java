package io.hactl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.ExitCode;
import io.hactl.demo.scheduler.LedgerLine;
import io.hactl.testkit.check.NodeState;
import io.hactl.testkit.check.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's verdict: OK only when the ledger, the outside view and the cleanup all agree. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoSummaryTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final DemoSummary summary =
      new DemoSummary(
          new Timeline(new PrintStream(out, true, StandardCharsets.UTF_8)),
          Isolation.MOUNT_NAMESPACES);
  private final Observed observed = new Observed();
  private final DemoStory.Result result =
      new DemoStory.Result(
          "n1",
          "n2",
          Duration.ofMillis(5500),
          Duration.ofMillis(5200),
          Duration.ofMillis(800),
          Duration.ofMillis(1400));

  /** Firings 0..count-1 of a 1 s trigger, by n1 in epoch 7. */
  private static List<String> firings(int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = T0.plusSeconds(i);
      lines.add(
          new LedgerLine(
                  "every-1000ms", Duration.ofSeconds(1), at, at.plusMillis(5), "n1", 7, false)
              .format());
    }
    return lines;
  }

  private Path ledger(List<String> lines) throws Exception {
    Path f = dir.resolve("ledger.txt");
    Files.write(f, lines);
    return f;
  }

  /** The test kit's one-owner check over one sample, 100 scans in all. */
  private static OutsideView outside(Map<String, NodeState> nodes) {
    io.hactl.testkit.check.Timeline t =
        new io.hactl.testkit.check.Timeline(
            0,
            1000,
            List.of("n1", "n2", "n3"),
            List.of(new Sample(10, nodes)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    return OutsideView.check(t, true, 100);
  }

  private static OutsideView clean() {
    return outside(Map.of("n1", NodeState.running(9)));
  }

  private String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCleanRunIsOk() throws Exception {
    ExitCode code =
        summary.print(
            result,
            ledger(firings(10)),
            observed,
            outside(Map.of("n1", NodeState.running(9))),
            List.of());
    assertEquals(ExitCode.OK, code, text());
    assertTrue(text().contains("5.50 s  (n1's session expired after 5.20 s"), text());
    assertTrue(text().matches("(?s).*jobs fired\\s+10 .*"), text());
    assertTrue(text().contains("RESULT: OK"), text());
  }

  @Test
  void aDuplicateFiringFailsTheDemo() throws Exception {
    List<String> lines = firings(10);
    lines.add(lines.get(4));
    ExitCode code = summary.print(result, ledger(lines), observed, clean(), List.of());
    assertEquals(ExitCode.FAILURE, code);
    assertTrue(text().matches("(?s).*duplicate firings\\s+1\\n.*"), text());
    assertTrue(text().contains("RESULT: FAILED"), text());
  }

  @Test
  void twoNodesRunningAtOnceFailsTheDemo() throws Exception {
    OutsideView twoOwners =
        outside(Map.of("n1", NodeState.running(9), "n2", NodeState.running(10)));
    ExitCode code = summary.print(result, ledger(firings(10)), observed, twoOwners, List.of());
    assertEquals(ExitCode.FAILURE, code);
    assertTrue(text().contains("NO: spool mounted on [n1, n2]"), text());
    assertTrue(text().contains("TWO_DAEMONS"), text());
  }

  @Test
  void leftoversFailTheDemoAndAFailedStepKeepsItsExitStatus() throws Exception {
    summary.failed(new DemoException(ExitCode.TIMEOUT, "no quartz RUNNING within 60 s"));
    ExitCode code = summary.print(null, ledger(firings(3)), observed, clean(), List.of("pid 42"));
    assertEquals(ExitCode.TIMEOUT, code);
    assertTrue(text().contains("no quartz RUNNING within 60 s"), text());
    assertTrue(text().contains("left behind: pid 42"), text());
  }

  @Test
  void aWorkDirectoryInUseIsRefusedBeforeAnythingStarts() throws Exception {
    Files.writeString(dir.resolve("something"), "x");
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DemoMain.run("--workdir", dir.toString());
    } finally {
      System.setErr(err);
    }
    assertEquals(ExitCode.USAGE.code(), code);
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("is not empty"));
  }
}
