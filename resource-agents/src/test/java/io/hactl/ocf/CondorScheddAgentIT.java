package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:hactl:condor-schedd against stand-ins for {@code condor_schedd -f} and {@code condor_q} (test
 * resources): HTCondor is not in the package sources this project uses (Debian 12 has no htcondor
 * or condor package). ocf-tester, the three-way monitor at levels 0 and 10, and the stop that
 * follows condor_off: graceful (TERM), then fast (QUIT).
 */
class CondorScheddAgentIT {
  private static final String AGENT = "condor-schedd";
  private static final Duration OP = Duration.ofSeconds(30);

  private Path dir;
  private OcfRoot root;
  private Map<String, String> params;

  @BeforeEach
  void setUp() throws IOException {
    OcfRoot.skipUnlessShellFuncs();
    Skip.unlessPrograms("ocf-tester", "xmllint", "setsid", "timeout");
    dir = RunDir.create("condor-schedd");
    root = OcfRoot.create(dir);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path config = Files.writeString(dir.resolve("condor_config"), "# test configuration\n");
    params = new HashMap<>();
    params.put("local_name", "schedd1");
    params.put("schedd_name", "schedd1@cluster");
    params.put("spool", Files.createDirectories(dir.resolve("spool")).toString());
    params.put("condor_config", config.toString());
    params.put("condor_schedd", standIn("condor_schedd", bin).toString());
    params.put("condor_q", standIn("condor_q", bin).toString());
    params.put("pidfile", dir.resolve("run/schedd1.pid").toString());
    params.put("output", dir.resolve("schedd1.out").toString());
    params.put("query_timeout", "3");
  }

  @AfterEach
  void tearDown() {
    if (root != null) {
      root.run(AGENT, "stop", "schedd1", params, Map.of(), OP);
    }
  }

  @Test
  @Timeout(180)
  void ocfTesterPasses() {
    root.ocfTester(AGENT, "schedd1", params, Duration.ofSeconds(150));
  }

  @Test
  @Timeout(120)
  void monitorTellsAnsweringFromHungFromDeadFromStopped() throws Exception {
    assertEquals(0, op("start", Map.of()).rc());
    assertEquals(0, op("monitor", Map.of("OCF_CHECK_LEVEL", "10")).rc(), "condor_q answered");
    long pid = pid();

    signal("STOP", pid);
    assertEquals(0, op("monitor", Map.of()).rc(), "level 0 sees only the process");
    Proc.Result hung = op("monitor", Map.of("OCF_CHECK_LEVEL", "10"));
    assertEquals(1, hung.rc(), hung::describe);
    assertTrue(hung.output().contains("ocf-exit-reason:condor_schedd runs but does not answer"));
    signal("CONT", pid);

    signal("KILL", pid);
    Proc.Result dead = op("monitor", Map.of());
    assertEquals(1, dead.rc(), dead::describe);
    assertTrue(dead.output().contains("ocf-exit-reason:condor-schedd died"), dead::describe);
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc(), "probe");
    assertEquals(0, op("stop", Map.of()).rc());
    assertEquals(7, op("monitor", Map.of()).rc(), "cleanly stopped");
  }

  @Test
  @Timeout(120)
  void stopIsGracefulFirstThenFastInsideTheTimeout() throws Exception {
    assertEquals(0, op("start", Map.of()).rc());
    Proc.Result graceful = op("stop", Map.of());
    assertEquals(0, graceful.rc(), graceful::describe);
    assertFalse(graceful.output().contains("sending QUIT"), graceful::describe);
    assertTrue(queueLog().contains("graceful shutdown"), queueLog());

    // A schedd whose graceful shutdown outlasts its share of the stop timeout is shut down fast.
    Map<String, String> slow = Map.of("STANDIN_GRACEFUL_SECONDS", "60");
    assertEquals(0, op("start", slow).rc());
    long t0 = System.nanoTime();
    Proc.Result fast = root.run(AGENT, "stop", "schedd1", params, Map.of(), Duration.ofSeconds(8));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("stop of a schedd slow to shut down gracefully, 8 s timeout: %d ms%n", ms);
    assertEquals(0, fast.rc(), fast::describe);
    assertTrue(fast.output().contains("sending QUIT"), fast::describe);
    assertFalse(fast.output().contains("sending KILL"), fast::describe);
    assertTrue(queueLog().contains("fast shutdown"), queueLog());
    assertEquals(7, op("monitor", Map.of()).rc());
  }

  @Test
  @Timeout(60)
  void probeWithoutBinariesIsNotRunningAndStartIsNotInstalled() {
    params.put("condor_schedd", "/nonexistent/condor_schedd");
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc());
    Proc.Result start = op("start", Map.of());
    assertEquals(5, start.rc(), start::describe);
    assertTrue(
        start.output().contains("ocf-exit-reason:condor_schedd: /nonexistent"), start::describe);
  }

  private static Path standIn(String name, Path bin) throws IOException {
    Path target = bin.resolve(name);
    try (InputStream in =
        CondorScheddAgentIT.class.getResourceAsStream("/condor-standin/" + name)) {
      if (in == null) {
        throw new IOException("test resource condor-standin/" + name + " is missing");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  private String queueLog() {
    return Proc.read(Path.of(params.get("spool"), "job_queue.log"));
  }

  private Proc.Result op(String action, Map<String, String> extra) {
    return root.run(AGENT, action, "schedd1", params, extra, OP);
  }

  private long pid() throws IOException {
    return Long.parseLong(Files.readString(Path.of(params.get("pidfile"))).trim());
  }

  private void signal(String sig, long pid) {
    Proc.Result r = Proc.run(List.of("kill", "-s", sig, Long.toString(pid)), Map.of(), OP, dir);
    assertEquals(0, r.rc(), r::describe);
  }
}
