package io.hactl.resource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ServiceConfig;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.exec.ExecResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tree: a bind mount of a temporary "spool" with a daemon below it whose cwd is in the mount
 * and which ignores TERM, the way a busy scheduler might.
 */
@Timeout(60)
class ResourceTreeTest {
  /** Writes its HACTL_EPOCH into the spool, then ignores TERM with its cwd in the spool. */
  private static final String DAEMON =
      "echo \"$HACTL_EPOCH\" > daemon.epoch; trap '' TERM; while :; do sleep 0.1; done";

  private static final Map<String, String> ENV =
      Map.of("HACTL_CLUSTER", "prod", "HACTL_SERVICE", "schedd1", "HACTL_EPOCH", "77");

  @TempDir Path tmp;
  private final Lab lab = new Lab();
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());
  private Path source;
  private Path mp;
  private ServiceConfig service;
  private ResourceTree tree;

  @BeforeEach
  void setUp() throws Exception {
    Lab.assumeRootWith("mount", "umount", "sh", "sleep", "mkdir", "cat", "mv", "sync");
    source = Files.createDirectories(tmp.resolve("export"));
    mp = tmp.resolve("spool");
    lab.cleanUpMount(mp);
    TestConfigs.Exec daemon = TestConfigs.exec("schedd", "sh", "-c", DAEMON);
    daemon.workdir = mp;
    daemon.termGrace = Duration.ofMillis(500);
    daemon.stopTimeout = Duration.ofSeconds(1);
    TestConfigs.Fs fs = TestConfigs.fs("spool", source, mp);
    fs.epochFile = true;
    fs.termGrace = Duration.ofMillis(300);
    fs.unmountTimeout = Duration.ofSeconds(1);
    fs.children = List.of(daemon.build());
    service = TestConfigs.service("schedd1", fs.build());
    tree = ResourceTreeFactory.standard().create(service, guard, ENV, "prod", 77);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (tree != null) {
      tree.emergencyStopAll();
    }
    lab.close();
  }

  private ExecResource daemon() {
    return (ExecResource) tree.resources().get(1);
  }

  @Test
  void startsMountThenEpochThenDaemonAndStopsGracefully() throws Exception {
    tree.startAll();
    assertTrue(Lab.mounted(mp));
    assertEquals("cluster=prod\nepoch=77\n", Files.readString(source.resolve(".hactl-epoch")));
    await("the daemon wrote its epoch into the spool")
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(source.resolve("daemon.epoch")));
    assertEquals("77\n", Files.readString(source.resolve("daemon.epoch")));
    assertTrue(tree.monitorAll(10).healthy());
    long pid = daemon().pid().orElseThrow();
    tree.stopAll();
    assertFalse(Lab.mounted(mp));
    assertFalse(new ProcState().isRunning(pid));
    assertEquals(new TreeHealth("spool", Health.STOPPED), tree.monitorAll(0));
  }

  @Test
  void emergencyStopFinishesInsideTheBudgetAndThenNothingStarts() throws Exception {
    tree.startAll();
    long pid = daemon().pid().orElseThrow();
    long t0 = System.nanoTime();
    boolean gone = tree.emergencyStopAll();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long budget = service.emergencyStopBudget().toMillis();
    assertTrue(gone, "confirmed gone");
    assertTrue(ms <= budget + 500, "took " + ms + " ms, budget " + budget + " ms + 500 ms margin");
    assertFalse(Lab.mounted(mp));
    assertFalse(new ProcState().isRunning(pid));

    ResourceException e = assertThrows(ResourceException.class, tree::startAll);
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    assertFalse(Lab.mounted(mp), "nothing is mounted after the revoke");
  }

  @Test
  void aStaleEpochInTheSpoolStopsTheStartBeforeTheDaemon() throws Exception {
    Files.writeString(source.resolve(".hactl-epoch"), "cluster=prod\nepoch=78\n");
    ResourceException e = assertThrows(ResourceException.class, tree::startAll);
    assertEquals("spool", e.resource());
    assertTrue(e.getMessage().contains("stale owner"), e.getMessage());
    assertTrue(daemon().pid().isEmpty(), "the daemon was not started");
    assertFalse(Files.exists(source.resolve("daemon.epoch")));
    tree.stopAll();
    assertFalse(Lab.mounted(mp));
  }

  @Test
  void aDaemonDeathReachesTheTreeListener() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    tree.onFailure((name, why) -> heard.add(name));
    tree.startAll();
    ProcessHandle.of(daemon().pid().orElseThrow()).orElseThrow().destroyForcibly();
    await("the tree's listener hears of the daemon's death")
        .atMost(Duration.ofSeconds(1))
        .until(() -> heard.contains("schedd"));
    assertEquals(new TreeHealth("schedd", Health.FAILED), tree.monitorAll(0));
  }

  @Test
  void aRestartFromTheDaemonKeepsTheSpoolMountedAndStartsANewDaemon() throws Exception {
    tree.startAll();
    long first = daemon().pid().orElseThrow();
    String mountsBefore = mountLine();
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    await("the daemon's death is seen")
        .atMost(Duration.ofSeconds(2))
        .until(() -> tree.monitorAll(0).equals(new TreeHealth("schedd", Health.FAILED)));

    tree.stopFrom("schedd");
    assertTrue(Lab.mounted(mp), "the spool stays mounted while its daemon restarts");
    Files.writeString(source.resolve(".hactl-epoch"), "cluster=prod\nepoch=76\n");
    tree.startFrom("schedd");
    long second = daemon().pid().orElseThrow();
    assertTrue(second != first && new ProcState().isRunning(second), "a new daemon runs");
    assertTrue(tree.monitorAll(10).healthy());
    assertEquals(mountsBefore, mountLine(), "the same mount, never unmounted in between");
    assertEquals(
        "cluster=prod\nepoch=76\n",
        Files.readString(source.resolve(".hactl-epoch")),
        "the epoch file of the term is not rewritten: the mount was never given up");

    tree.stopFrom("no-such-resource"); // unknown: everything, as stopAll
    assertFalse(Lab.mounted(mp));
    assertFalse(new ProcState().isRunning(second));
  }

  /** The spool's line of /proc/self/mountinfo (its mount id changes on every new mount). */
  private String mountLine() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.contains(" " + mp + " "))
        .findFirst()
        .orElse("");
  }
}
