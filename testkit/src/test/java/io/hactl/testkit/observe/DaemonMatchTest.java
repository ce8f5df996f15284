package io.hactl.testkit.observe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the scanner tells the service's daemon from every other process. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class DaemonMatchTest {
  @Test
  void aScriptRunDirectlyOrByItsInterpreter() {
    var script = ProcScanner.script("/run/hb.sh");
    assertTrue(script.test(List.of("/run/hb.sh", "x")));
    assertTrue(script.test(List.of("/bin/sh", "/run/hb.sh")));
    assertFalse(script.test(List.of("/bin/sh", "-c", "/run/hb.sh")), "a shell that runs it");
    assertFalse(script.test(List.of("less", "x", "/run/hb.sh")));
  }

  @Test
  void aJavaMainClassOnItsSpool() {
    var scheduler = ProcScanner.arguments("io.x.Main", "/spool");
    assertTrue(scheduler.test(List.of("java", "-cp", "a.jar", "io.x.Main", "--spool", "/spool")));
    assertFalse(scheduler.test(List.of("java", "-cp", "a.jar", "io.x.Main", "--spool", "/other")));
    assertFalse(scheduler.test(List.of("grep", "io.x.Main")));
  }
}
