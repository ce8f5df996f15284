package io.hactl.testkit.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /proc read and acted on for real: processes found by their environment, killed until gone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcfsTest {
  private final String marker = "HACTL_TESTKIT_NODE=" + Long.toHexString(System.nanoTime());
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killStarted() {
    started.forEach(Process::destroyForcibly);
  }

  /** A "node": a shell with a child that forked from it, both carrying {@code env}. */
  private Process node(String env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sleep 60 & exec sleep 61");
    int eq = env.indexOf('=');
    pb.environment().put(env.substring(0, eq), env.substring(eq + 1));
    Process p = pb.start();
    started.add(p);
    return p;
  }

  @Test
  void killsEveryProcessOfANodeAndNoOther() throws IOException {
    node(marker + "a");
    Process bystander = node(marker + "b");
    await("two processes per node")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Procfs.withEnvironment(marker + "a").size() == 2
                    && Procfs.withEnvironment(marker + "b").size() == 2);
    List<Long> before = Procfs.withEnvironment(marker + "a");

    List<Long> killed =
        Procfs.killUntilGone(
            "node a", pid -> Procfs.environ(pid).contains(marker + "a"), Duration.ofSeconds(10));

    assertEquals(new HashSet<>(before), new HashSet<>(killed));
    assertEquals(List.of(), Procfs.withEnvironment(marker + "a"));
    assertTrue(Procfs.alive(bystander.pid()), "another node's process was killed");
    assertEquals(2, Procfs.withEnvironment(marker + "b").size());
  }

  @Test
  void readsCommandLineStateAndParentOfALiveProcess() throws IOException {
    Process p = node(marker + "c");
    long pid = p.pid();
    await("the shell has exec'd sleep 61")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Procfs.cmdline(pid).equals(List.of("sleep", "61")));
    assertTrue(Procfs.alive(pid));
    assertEquals(ProcessHandle.current().pid(), Procfs.parent(pid).orElseThrow());
    assertTrue(Procfs.namespace(pid, "mnt").isPresent());
    p.destroyForcibly();
    await("the process gone").atMost(Duration.ofSeconds(10)).until(() -> !Procfs.alive(pid));
    assertFalse(Procfs.withEnvironment(marker + "c").contains(pid));
  }
}
