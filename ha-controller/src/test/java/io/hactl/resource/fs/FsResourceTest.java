package io.hactl.resource.fs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.Health;
import io.hactl.resource.Lab;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real bind mounts of temporary directories, real holders, real mount and umount. */
@Timeout(60)
class FsResourceTest {
  /** A holder that ignores TERM and keeps its cwd in the mount. */
  private static final String STUBBORN = "trap '' TERM; while :; do sleep 0.1; done";

  @TempDir Path tmp;
  private final Lab lab = new Lab();
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());
  private Path source;
  private Path mp;
  private TestConfigs.Fs cfg;

  @BeforeEach
  void setUp() throws Exception {
    Lab.assumeRootWith("mount", "umount", "sh", "sleep", "mkdir");
    source = Files.createDirectories(tmp.resolve("src"));
    mp = tmp.resolve("mnt").resolve("spool");
    lab.cleanUpMount(mp);
    cfg = TestConfigs.fs("spool", source, mp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
  }

  @Test
  void startCreatesTheMountPointMountsAndIsIdempotent() throws Exception {
    FsResource fs = new FsResource(cfg.build(), guard);
    assertFalse(Files.exists(mp));
    assertEquals(Health.STOPPED, fs.monitor(0));
    fs.start();
    assertTrue(Lab.mounted(mp), "mounted after start");
    Files.writeString(mp.resolve("through-mount"), "x");
    assertTrue(Files.exists(source.resolve("through-mount")), "it is the bind mount of source");
    fs.start();
    assertEquals(Health.RUNNING, fs.monitor(0));
    fs.stop();
    assertFalse(Lab.mounted(mp));
    fs.stop();
    assertEquals(Health.STOPPED, fs.monitor(0));
  }

  @Test
  void deepMonitorWritesAndReadsAProbeAndLeavesNothingBehind() throws Exception {
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start();
    assertEquals(Health.RUNNING, fs.monitor(10));
    try (Stream<Path> files = Files.list(source)) {
      assertEquals(0, files.count(), "the probe file was removed");
    }
  }

  @Test
  void deepMonitorFailsOnAReadOnlyMountWhileTheCheapOnePasses() throws Exception {
    cfg.options = "bind,ro";
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start();
    assertEquals(Health.RUNNING, fs.monitor(0));
    assertEquals(Health.FAILED, fs.monitor(10));
  }

  @Test
  void gracefulStopKillsAHolderThatIgnoresTermThenUnmounts() throws Exception {
    cfg.stopTimeout = Duration.ofSeconds(3);
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start();
    Process holder = lab.spawn(mp, "sh", "-c", STUBBORN);
    await("holder is seen")
        .atMost(Duration.ofSeconds(5))
        .until(() -> new HolderFinder().find(mp).stream().anyMatch(h -> h.pid() == holder.pid()));
    long t0 = System.nanoTime();
    fs.stop();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(holder.waitFor(2, TimeUnit.SECONDS), "the holder was killed");
    assertEquals(137, holder.exitValue(), "it took KILL, not TERM");
    assertFalse(Lab.mounted(mp));
    assertTrue(ms < 3_000, "stop finished inside its stop timeout, took " + ms + " ms");
  }

  @Test
  void lazyUnmountIsTheLastResortWhenUmountFails() throws Exception {
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start();
    Path other = Files.createDirectories(tmp.resolve("other"));
    Path nested = mp.resolve("nested");
    lab.bindMount(other, nested); // a mount below the mount point makes plain umount fail
    fs.stop();
    assertFalse(Lab.mounted(mp), "detached lazily");
    assertFalse(Lab.mounted(nested), "with what was mounted below it");
  }

  @Test
  void stackedMountsAreAllRemoved() throws Exception {
    lab.bindMount(source, mp);
    lab.bindMount(source, mp);
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start(); // already mounted: nothing to do
    assertEquals(2, mountsOn(mp));
    assertTrue(fs.emergencyStop());
    assertEquals(0, mountsOn(mp));
  }

  private static long mountsOn(Path path) {
    return new MountTable().entries().stream().filter(e -> e.mountPoint().equals(path)).count();
  }

  @Test
  void emergencyStopKillsHoldersAndUnmountsInsideItsBudget() throws Exception {
    cfg.termGrace = Duration.ofMillis(300);
    cfg.unmountTimeout = Duration.ofSeconds(1);
    FsResource fs = new FsResource(cfg.build(), guard);
    fs.start();
    Process stubborn = lab.spawn(mp, "sh", "-c", STUBBORN);
    Process polite = lab.spawn(mp, "sleep", "60");
    await("both holders are seen")
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              var pids = new HolderFinder().find(mp).stream().map(Holder::pid).toList();
              return pids.contains(stubborn.pid()) && pids.contains(polite.pid());
            });
    long t0 = System.nanoTime();
    boolean gone = fs.emergencyStop();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(gone, "emergency stop confirmed");
    assertFalse(Lab.mounted(mp));
    assertTrue(stubborn.waitFor(1, TimeUnit.SECONDS) && polite.waitFor(1, TimeUnit.SECONDS));
    assertEquals(143, polite.exitValue(), "the polite holder went on TERM");
    long budget = cfg.build().emergencyBudget().toMillis();
    assertTrue(ms <= budget + 300, "took " + ms + " ms, budget " + budget + " ms");
    assertTrue(fs.emergencyStop(), "a second emergency stop finds nothing to do");
  }

  @Test
  void afterRevokeStartIsRefusedAndNothingIsMounted() throws Exception {
    FsResource fs = new FsResource(cfg.build(), guard);
    guard.revoke();
    ResourceException e = assertThrows(ResourceException.class, fs::start);
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    assertFalse(Lab.mounted(mp));
    assertFalse(Files.exists(mp), "not even the mount point was created");
  }

  @Test
  void aFailingMountIsReportedWithItsOutput() throws Exception {
    cfg.device = tmp.resolve("no-such-source").toString();
    FsResource fs = new FsResource(cfg.build(), guard);
    ResourceException e = assertThrows(ResourceException.class, fs::start);
    assertTrue(e.getMessage().startsWith("spool: mount spool: exit "), e.getMessage());
    assertFalse(Lab.mounted(mp));
  }
}
