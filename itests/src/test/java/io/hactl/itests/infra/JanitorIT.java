package io.hactl.itests.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.testkit.support.Janitor;
import io.hactl.testkit.support.Shell;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a harness JVM killed with SIGKILL leaves behind is swept by the next run. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class JanitorIT {
  private final Shell shell = new Shell(Duration.ofSeconds(10));

  @Test
  void aDeadRunsNamespaceAndProcessesAreRemovedAndALiveRunIsLeftAlone(@TempDir Path registry)
      throws IOException, InterruptedException {
    Needs.namespaces();
    String id = "dd" + Long.toHexString(ProcessHandle.current().pid() % 256);
    String ns = "hx" + id + "-n1";
    Janitor janitor = new Janitor(registry);
    Process inNs = null;
    Process marked = null;
    try {
      shell.run("ip", "netns", "add", ns);
      inNs = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "600").start();
      marked = new ProcessBuilder("sh", "-c", "sleep 600", "hxmark-" + id).start();
      Process dead = new ProcessBuilder("true").start();
      dead.waitFor(10, TimeUnit.SECONDS);
      Files.writeString(
          registry.resolve(id + ".run"),
          "owner "
              + dead.pid()
              + "\nnetns "
              + ns
              + "\npid "
              + marked.pid()
              + " hxmark-"
              + id
              + "\n");
      janitor.begin("live");

      assertEquals(1, janitor.sweep(), "one dead run swept");

      Process a = inNs;
      Process b = marked;
      Waits.until(
          "processes of the dead run gone",
          Duration.ofSeconds(5),
          Duration.ofMillis(20),
          () -> !a.isAlive() && !b.isAlive());
      assertFalse(Files.exists(Path.of("/run/netns", ns)), "namespace deleted");
      assertFalse(Files.exists(registry.resolve(id + ".run")), "record deleted");
      assertTrue(Files.exists(registry.resolve("live.run")), "the live run's record stays");
    } finally {
      for (Process p : new Process[] {inNs, marked}) {
        if (p != null) {
          p.destroyForcibly();
        }
      }
      shell.tryRun(List.of("ip", "netns", "del", ns));
    }
  }
}
