package io.hactl.testkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Short commands: output, exit status, stdin, a deadline that ends them, a missing program. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellTest {
  private final Shell shell = new Shell(Duration.ofSeconds(10));

  @Test
  void keepsOutputAndExitStatus() {
    CommandResult r = shell.tryRun(List.of("sh", "-c", "echo one; echo two >&2; exit 3"));
    assertFalse(r.succeeded());
    assertEquals(3, r.exitCode());
    assertEquals(List.of("one", "two"), r.output());
    assertTrue(r.describe().startsWith("sh -c: exit 3 after "), r.describe());
  }

  @Test
  void keepsEveryLineOfALongListing() {
    List<String> out = shell.run("seq", "1", "600");
    assertEquals(600, out.size());
    assertEquals("600", out.get(599));
  }

  @Test
  void feedsStdin() {
    CommandResult r = shell.tryRun(List.of("sh", "-c", "read a; read b; echo \"$b $a\""), "x\ny\n");
    assertTrue(r.succeeded(), r.describe());
    assertEquals(List.of("y x"), r.output());
  }

  @Test
  void aCommandPastItsDeadlineIsEndedAndCountsAsFailed() {
    CommandResult r = new Shell(Duration.ofMillis(300)).tryRun(List.of("sleep", "30"));
    assertTrue(r.timedOut(), r.describe());
    assertFalse(r.succeeded());
    assertTrue(r.elapsed().compareTo(Duration.ofSeconds(10)) < 0, r.describe());
  }

  @Test
  void aMissingProgramIsAResultAndRunThrowsNamingTheCommand() {
    CommandResult r = shell.tryRun(List.of("no-such-program-here"));
    assertNotNull(r.error());
    assertFalse(r.succeeded());
    HarnessException e =
        assertThrows(HarnessException.class, () -> shell.run("no-such-program-here", "x"));
    assertTrue(e.getMessage().contains("no-such-program-here x"), e.getMessage());
  }
}
