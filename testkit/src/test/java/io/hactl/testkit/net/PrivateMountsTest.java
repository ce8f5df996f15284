package io.hactl.testkit.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.testkit.observe.MountTable;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Host;
import io.hactl.testkit.support.Procfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's private mount namespace, for real (root): the wait for it, and a bind mount made inside
 * that only the node's processes see.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrivateMountsTest {
  @TempDir Path dir;
  private Process node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.destroyForcibly();
    }
  }

  private static void needRoot() {
    Optional<String> missing = Host.missingMountNamespaces();
    missing.ifPresent(m -> System.err.println("SKIPPED: " + m));
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
  }

  @Test
  void aBindMountInsideIsSeenOnlyByTheNode() throws Exception {
    needRoot();
    Path storage = Files.createDirectory(dir.resolve("storage"));
    Path mnt = Files.createDirectory(dir.resolve("mnt"));
    String script = "mount --bind '" + storage + "' '" + mnt + "' && exec sleep 60";
    node =
        new ProcessBuilder(PrivateMounts.wrap(PrivateMounts.AS_ROOT, List.of("sh", "-c", script)))
            .start();

    long ns = PrivateMounts.awaitOwn(node, Duration.ofSeconds(10));

    assertNotEquals(Procfs.namespace(ProcessHandle.current().pid(), "mnt").orElseThrow(), ns);
    await("the node's bind mount")
        .atMost(Duration.ofSeconds(10))
        .until(() -> MountTable.holders(mnt.toString()).contains(node.pid()));
    assertEquals(List.of(node.pid()), MountTable.holders(mnt.toString()));
    assertTrue(
        !MountTable.hasMountpoint(
            Procfs.mountinfo(ProcessHandle.current().pid()).orElseThrow(), mnt.toString()),
        "the mount leaked into the host's namespace");
  }

  @Test
  void aProgramThatDiesBeforeUnshareIsReportedNotAwaitedForever() throws Exception {
    needRoot();
    node = new ProcessBuilder("sh", "-c", "exit 0").start();
    node.waitFor(5, TimeUnit.SECONDS);
    HarnessException e =
        assertThrows(
            HarnessException.class, () -> PrivateMounts.awaitOwn(node, Duration.ofSeconds(5)));
    assertTrue(e.getMessage().contains("exited"), e.getMessage());
  }
}
