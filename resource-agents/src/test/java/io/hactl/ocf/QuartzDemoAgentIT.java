package io.hactl.ocf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.demo.scheduler.LedgerCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:hactl:quartz-demo against the real demo scheduler (a JVM on this test's class path):
 * ocf-tester, the three-way monitor at levels 0 and 10, a stale epoch refused at start, and a
 * ledger that proves every firing ran exactly once across the agent's starts, stops and a KILL.
 */
class QuartzDemoAgentIT {
  private static final String AGENT = "quartz-demo";
  private static final Duration OP = Duration.ofSeconds(60);

  private Path dir;
  private OcfRoot root;
  private Map<String, String> params;

  @BeforeEach
  void setUp() throws IOException {
    OcfRoot.skipUnlessShellFuncs();
    Skip.unlessPrograms("ocf-tester", "xmllint", "setsid");
    dir = RunDir.create("quartz-demo");
    root = OcfRoot.create(dir);
    Path spool = Files.createDirectories(dir.resolve("spool"));
    params = new HashMap<>();
    params.put("spool", spool.toString());
    params.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    params.put("classpath", libDir(dir.resolve("lib")) + "/*");
    params.put("node", "qn1");
    params.put("pidfile", dir.resolve("run/quartz.pid").toString());
    params.put("logfile", dir.resolve("quartz.log").toString());
    params.put("options", "--lock-wait 5s --stop-timeout 5s");
  }

  @AfterEach
  void tearDown() {
    if (root != null) {
      root.run(AGENT, "stop", "quartz", params, Map.of(), OP);
    }
  }

  @Test
  @Timeout(240)
  void ocfTesterPasses() {
    root.ocfTester(AGENT, "quartz", params, Duration.ofSeconds(200));
    assertEquals(0, ledgerCheck().rc(), () -> ledgerCheck().describe());
  }

  @Test
  @Timeout(180)
  void monitorTellsFiringFromHungFromDeadFromStopped() throws Exception {
    params.put("ledger_max_age", "2");
    assertEquals(0, op("start", Map.of()).rc());
    Map<String, String> deep = Map.of("OCF_CHECK_LEVEL", "10");
    await("level 10 sees the ledger grow")
        .atMost(Duration.ofSeconds(20))
        .until(() -> op("monitor", deep).rc() == 0);
    long pid = Long.parseLong(Files.readString(Path.of(params.get("pidfile"))).trim());

    signal("STOP", pid);
    await("level 10 notices a scheduler that no longer fires")
        .atMost(Duration.ofSeconds(20))
        .until(() -> op("monitor", deep).rc() == 1);
    assertEquals(0, op("monitor", Map.of()).rc(), "level 0 sees only the process");
    Proc.Result hung = op("monitor", deep);
    assertTrue(
        hung.output().contains("ocf-exit-reason:quartz-demo runs but has not fired"),
        hung::describe);
    signal("CONT", pid);
    await("level 10 sees it fire again")
        .atMost(Duration.ofSeconds(20))
        .until(() -> op("monitor", deep).rc() == 0);

    signal("KILL", pid);
    await("the JVM is gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> op("monitor", Map.of()).rc() == 1);
    assertTrue(op("monitor", Map.of()).output().contains("ocf-exit-reason:quartz-demo died"));
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc(), "probe");
    assertEquals(0, op("stop", Map.of()).rc());
    assertEquals(7, op("monitor", Map.of()).rc(), "cleanly stopped");

    // Restarted after the KILL, the scheduler recovers its store and fires the missed firings.
    assertEquals(0, op("start", Map.of()).rc());
    assertEquals(0, op("stop", Map.of()).rc());
    Proc.Result check = ledgerCheck();
    System.out.println(check.describe());
    assertEquals(0, check.rc(), check::describe);
  }

  @Test
  @Timeout(120)
  void startRefusesAStaleEpochWithTheSchedulersReason() {
    params.put("epoch", "500");
    assertEquals(0, op("start", Map.of()).rc());
    Path ledger = Path.of(params.get("spool"), "quartz-demo", "ledger.txt");
    await("a firing of epoch 500 in " + ledger)
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(ledger) && Files.size(ledger) > 0);
    assertEquals(0, op("stop", Map.of()).rc());
    params.put("epoch", "499");
    Proc.Result stale = op("start", Map.of());
    assertEquals(1, stale.rc(), stale::describe);
    assertTrue(
        stale.output().contains("ocf-exit-reason:quartz-demo exited during start"),
        stale::describe);
    assertTrue(stale.output().contains("higher than this scheduler's epoch 499"), stale::describe);
    assertEquals(7, op("monitor", Map.of()).rc());
  }

  @Test
  @Timeout(60)
  void probeWithoutJavaIsNotRunningAndStartIsNotInstalled() {
    params.put("java", "/nonexistent/java");
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc());
    Proc.Result start = op("start", Map.of());
    assertEquals(5, start.rc(), start::describe);
    params.put("java", "/usr/bin/java");
    params.put("spool", dir.resolve("not-mounted").toString());
    Proc.Result unmounted = op("start", Map.of());
    assertEquals(5, unmounted.rc(), unmounted::describe);
    assertTrue(unmounted.output().contains("not mounted?"), unmounted::describe);
  }

  /**
   * The jars of this test's class path (the demo scheduler's among them), linked into one
   * directory.
   */
  static Path libDir(Path lib) throws IOException {
    Files.createDirectories(lib);
    for (String entry : System.getProperty("java.class.path").split(":")) {
      Path jar = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
        Files.createSymbolicLink(lib.resolve(jar.getFileName().toString()), jar.toAbsolutePath());
      }
    }
    return lib;
  }

  private Proc.Result op(String action, Map<String, String> extra) {
    return root.run(AGENT, action, "quartz", params, extra, OP);
  }

  private void signal(String sig, long pid) {
    Proc.Result r = Proc.run(List.of("kill", "-s", sig, Long.toString(pid)), Map.of(), OP, dir);
    assertEquals(0, r.rc(), r::describe);
  }

  private Proc.Result ledgerCheck() {
    return Proc.run(
        List.of(
            params.get("java"),
            "-cp",
            params.get("classpath"),
            LedgerCheck.class.getName(),
            "--spool",
            params.get("spool")),
        Map.of(),
        OP,
        dir);
  }
}
