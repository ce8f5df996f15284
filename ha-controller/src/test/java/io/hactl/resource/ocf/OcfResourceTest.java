package io.hactl.resource.ocf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.OcfResourceConfig;
import io.hactl.config.RecoveryPolicy;
import io.hactl.config.ServiceConfig;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.Health;
import io.hactl.resource.Lab;
import io.hactl.resource.Resource.Check;
import io.hactl.resource.ResourceException;
import io.hactl.resource.ResourceTree;
import io.hactl.resource.Severity;
import io.hactl.resource.TreeHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real OCF agents: Debian's ocf:heartbeat:Dummy, and a test agent steered by files. */
@Timeout(60)
class OcfResourceTest {
  @TempDir Path tmp;
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());
  private Path root;
  private Path dir;
  private OcfResource resource;

  @BeforeEach
  void install() throws IOException {
    Lab.assumePrograms("sh", "sleep");
    root = OcfLab.install(tmp);
    dir = Files.createDirectories(tmp.resolve("steer"));
  }

  @AfterEach
  void cleanUp() {
    if (resource != null) {
      try {
        Files.deleteIfExists(dir.resolve("hang.stop"));
        Files.deleteIfExists(dir.resolve("rc.stop"));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertTrue(resource.emergencyStop(), "clean-up stop");
    }
  }

  private OcfResource build(OcfResourceConfig cfg) {
    resource = new OcfResource(cfg, guard, Map.of("HACTL_EPOCH", "42"));
    return resource;
  }

  private OcfResource coded() {
    return build(OcfLab.coded(root, dir));
  }

  private void steer(String file, String content) throws IOException {
    Files.writeString(dir.resolve(file), content);
  }

  private Map<String, String> env(String action) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("env." + action))) {
      int eq = line.indexOf('=');
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }

  @Test
  void dummyStartsMonitorsAndStops() throws Exception {
    OcfLab.assumeHeartbeat("Dummy");
    Path state = tmp.resolve("dummy.state");
    build(
        OcfLab.config(
            OcfLab.SYSTEM_ROOT,
            "heartbeat",
            "Dummy",
            Map.of("state", state.toString()),
            Duration.ofSeconds(20)));
    assertEquals(Health.STOPPED, resource.monitor(0), "before start nothing is asked");
    resource.start();
    assertTrue(Files.exists(state), "Dummy keeps its state file while started");
    assertEquals(Health.RUNNING, resource.monitor(0));
    assertEquals(Health.RUNNING, resource.monitor(10));
    Files.delete(state);
    assertEquals(Health.STOPPED, resource.monitor(0), "Dummy says OCF_NOT_RUNNING (7)");
    resource.start();
    resource.stop();
    assertFalse(Files.exists(state));
    assertEquals(OcfResource.State.STOPPED, resource.state());
  }

  @Test
  void everyCallCarriesTheOcfEnvironment() throws Exception {
    coded().start();
    Map<String, String> start = env("start");
    assertEquals(root.toString(), start.get("OCF_ROOT"));
    assertEquals("r1", start.get("OCF_RESOURCE_INSTANCE"));
    assertEquals("Coded", start.get("OCF_RESOURCE_TYPE"));
    assertEquals("test", start.get("OCF_RESOURCE_PROVIDER"));
    assertEquals(dir.toString(), start.get("OCF_RESKEY_dir"));
    assertEquals("42", start.get("HACTL_EPOCH"));
    assertEquals("0", start.get("OCF_RESKEY_CRM_meta_interval"));
    long startTimeout = Long.parseLong(start.get("OCF_RESKEY_CRM_meta_timeout"));
    assertTrue(
        startTimeout > 0 && startTimeout <= 5000, "the start's remaining budget: " + startTimeout);
    Map<String, String> probe = env("monitor");
    assertEquals("0", probe.get("OCF_RESKEY_CRM_meta_interval"), "the probe has interval 0");
    assertEquals("0", probe.get("OCF_CHECK_LEVEL"));

    assertEquals(Health.RUNNING, resource.monitor(10));
    Map<String, String> monitor = env("monitor");
    assertEquals("10", monitor.get("OCF_CHECK_LEVEL"));
    assertEquals("10000", monitor.get("OCF_RESKEY_CRM_meta_interval"));
    assertEquals("5000", monitor.get("OCF_RESKEY_CRM_meta_timeout"));
    resource.stop();
    assertEquals("5000", env("stop").get("OCF_RESKEY_CRM_meta_timeout"));
  }

  @ParameterizedTest(name = "monitor exit {0} -> {1} {2}")
  @CsvSource({
    "0, RUNNING, SOFT",
    "190, RUNNING, SOFT",
    "7, STOPPED, SOFT",
    "1, FAILED, SOFT",
    "2, FAILED, HARD",
    "3, FAILED, HARD",
    "4, FAILED, HARD",
    "5, FAILED, HARD",
    "6, FAILED, FATAL",
    "8, FAILED, SOFT",
    "9, FAILED, SOFT",
    "42, FAILED, SOFT"
  })
  void recurringMonitorCodesMapToHealthAndSeverity(int code, Health health, Severity severity)
      throws Exception {
    coded().start();
    steer("rc.monitor", Integer.toString(code));
    assertEquals(new Check(health, severity), resource.check(0));
  }

  @ParameterizedTest(name = "{0} exit {1} -> {2}")
  @CsvSource({
    "start, 1, SOFT, OCF_ERR_GENERIC (1)",
    "start, 5, HARD, OCF_ERR_INSTALLED (5)",
    "start, 4, HARD, OCF_ERR_PERM (4)",
    "start, 2, HARD, OCF_ERR_ARGS (2)",
    "start, 6, FATAL, OCF_ERR_CONFIGURED (6)",
    "validate-all, 6, FATAL, OCF_ERR_CONFIGURED (6)",
    "validate-all, 5, HARD, OCF_ERR_INSTALLED (5)",
    "monitor, 1, SOFT, OCF_ERR_GENERIC (1)",
    "monitor, 5, HARD, OCF_ERR_INSTALLED (5)"
  })
  void startFailuresCarryTheirSeverity(String action, int code, Severity severity, String named)
      throws Exception {
    steer("rc." + action, Integer.toString(code));
    ResourceException e = assertThrows(ResourceException.class, () -> coded().start());
    assertEquals(severity, e.severity(), e.getMessage());
    assertTrue(e.getMessage().contains(action + " returned " + named), e.getMessage());
    assertEquals(OcfResource.State.FAILED, resource.state());
  }

  @Test
  void theTreeCarriesTheSeverityOfAnOcfMonitor() throws Exception {
    OcfResourceConfig cfg = OcfLab.coded(root, dir);
    ServiceConfig service =
        new ServiceConfig("s1", "d1", true, RecoveryPolicy.DEFAULT, List.of(cfg));
    ResourceTree tree = ResourceTree.build(service, guard, Map.of(), "c1", 7);
    try {
      tree.startAll();
      assertEquals(TreeHealth.HEALTHY, tree.monitorAll(0));
      steer("rc.monitor", "5");
      assertEquals(new TreeHealth("r1", Health.FAILED, Severity.HARD), tree.monitorAll(0));
      assertEquals("r1 FAILED (HARD)", tree.monitorAll(0).describe());
      steer("rc.monitor", "6");
      assertEquals(Severity.FATAL, tree.monitorAll(0).severity());
    } finally {
      assertTrue(tree.emergencyStopAll(), "the tree's emergency stop runs the agent's stop");
    }
    assertFalse(Files.exists(dir.resolve("state")));
  }

  @Test
  void aProbeSayingNotRunningIsCleanAndOneSayingRunningIsAdopted() throws Exception {
    coded().start();
    assertTrue(Files.exists(dir.resolve("env.start")), "probe said 7: start ran");
    resource.stop();
    Files.delete(dir.resolve("env.start"));
    steer("state", "");
    resource.start();
    assertFalse(Files.exists(dir.resolve("env.start")), "probe said 0: start not run again");
    assertEquals(OcfResource.State.RUNNING, resource.state());
  }

  @Test
  void anAgentWithoutValidateAllStillStarts() throws Exception {
    steer("rc.validate-all", "3");
    coded().start();
    assertEquals(Health.RUNNING, resource.monitor(0));
  }

  @Test
  void aHungMonitorFailsAtItsDeadline() throws Exception {
    OcfResourceConfig c = OcfLab.coded(root, dir);
    build(OcfLab.withTimeouts(c, c.startTimeout(), c.stopTimeout(), ms(300), ms(2000))).start();
    steer("hang.monitor", "");
    assertEquals(new Check(Health.FAILED, Severity.SOFT), resource.check(0));
  }

  @Test
  void aHungStartFailsAtTheStartTimeout() throws Exception {
    OcfResourceConfig c = OcfLab.coded(root, dir);
    build(OcfLab.withTimeouts(c, ms(800), c.stopTimeout(), c.monitorTimeout(), ms(2000)));
    steer("hang.start", "");
    ResourceException e = assertThrows(ResourceException.class, resource::start);
    assertEquals(Severity.SOFT, e.severity());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    Files.delete(dir.resolve("hang.start"));
  }

  @Test
  void aFailedStopThrows() throws Exception {
    coded().start();
    steer("rc.stop", "1");
    assertThrows(ResourceException.class, resource::stop);
    assertEquals(OcfResource.State.FAILED, resource.state());
  }

  @Test
  void emergencyStopRunsStopUnderItsOwnDeadline() throws Exception {
    OcfResourceConfig c = OcfLab.coded(root, dir);
    build(OcfLab.withTimeouts(c, c.startTimeout(), c.stopTimeout(), c.monitorTimeout(), ms(300)));
    resource.start();
    steer("hang.stop", "");
    assertFalse(resource.emergencyStop(), "a stop past its deadline is a failed stop");
    assertEquals("300", env("stop").get("OCF_RESKEY_CRM_meta_timeout"));
    Files.delete(dir.resolve("hang.stop"));
    assertTrue(resource.emergencyStop());
    assertFalse(Files.exists(dir.resolve("state")));
  }

  @Test
  void emergencyStopKillsAStartInFlightThenStops() throws Exception {
    coded();
    steer("hang.start", "");
    CompletableFuture<Void> start =
        CompletableFuture.runAsync(
            () -> {
              try {
                resource.start();
              } catch (ResourceException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
    await("start in flight")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(dir.resolve("env.start")));
    guard.revoke();
    assertTrue(resource.emergencyStop());
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> start.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("start failed"), e.getCause().getMessage());
    Files.delete(dir.resolve("hang.start"));
    assertTrue(env("stop").containsKey("OCF_RESOURCE_INSTANCE"), "stop ran after the kill");
  }

  @Test
  void aMissingAgentIsAHardStartFailureNamingThePath() {
    build(OcfLab.config(root, "test", "Nope", Map.of(), Duration.ofSeconds(5)));
    ResourceException e = assertThrows(ResourceException.class, resource::start);
    assertEquals(Severity.HARD, e.severity());
    assertTrue(
        e.getMessage().contains(root.resolve("resource.d/test/Nope").toString()), e.getMessage());
    resource = null;
  }

  @Test
  void afterARevokeNothingStartsButStopStillRuns() throws Exception {
    coded().start();
    guard.revoke();
    assertThrows(ResourceException.class, resource::start);
    resource.stop();
    assertFalse(Files.exists(dir.resolve("state")));
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
