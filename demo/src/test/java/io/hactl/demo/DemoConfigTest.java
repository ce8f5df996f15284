package io.hactl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.ExecResourceConfig;
import io.hactl.config.FsResourceConfig;
import io.hactl.config.ResourceConfig;
import io.hactl.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The generated configuration passes the real validation, in both isolations. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoConfigTest {
  @TempDir Path dir;

  private final JavaLauncher java =
      new JavaLauncher(
          Path.of("/opt/jdk/bin/java"), Path.of("/opt/hactl.jar"), "/opt/hactl-demo.jar");

  private ClusterConfig parse(Isolation isolation) throws ConfigException {
    DemoWorkspace ws = new DemoWorkspace(dir.resolve("work dir \"quoted\""));
    String yaml = DemoConfig.yaml(ws, isolation, "127.0.0.1:4242", java, "abcd1234");
    return new ConfigParser().parse(yaml, "demo.yaml");
  }

  @Test
  void withMountNamespacesTheSchedulerRunsUnderTheSpoolMount() throws ConfigException {
    ClusterConfig c = parse(Isolation.MOUNT_NAMESPACES);
    assertEquals("127.0.0.1:4242", c.cluster().zookeeper());
    assertEquals(DemoConfig.SESSION_TIMEOUT, c.cluster().sessionTimeout());
    ServiceConfig s = c.service(DemoConfig.SERVICE).orElseThrow();
    List<ResourceConfig> order = s.startOrder();
    assertEquals(2, order.size());
    FsResourceConfig fs = (FsResourceConfig) order.get(0);
    assertEquals("none", fs.fstype());
    assertEquals("bind", fs.options());
    assertTrue(fs.mountpoint().endsWith(Path.of("mnt", "spool")), fs.mountpoint().toString());
    ExecResourceConfig exec = (ExecResourceConfig) order.get(1);
    assertEquals(
        List.of(
            "/opt/jdk/bin/java",
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            "/opt/hactl-demo.jar",
            JavaLauncher.SCHEDULER_MAIN,
            "--spool",
            fs.mountpoint().toString()),
        exec.command());
    assertTrue(
        s.emergencyStopBudget().compareTo(DemoConfig.SESSION_TIMEOUT.dividedBy(3)) <= 0,
        "emergency stop budget " + s.emergencyStopBudget());
    var devices = c.node("n2").orElseThrow().fenceLevels().get(0).devices();
    assertTrue(devices.get(0).agent().endsWith("/fence_demo"), devices.get(0).agent());
    assertTrue(devices.get(0).options().get("nsfile").endsWith("nodes/n2/mntns"));
    assertTrue(c.domainOf(s).nofailback(), "a returning node must not pull the service back");
  }

  @Test
  void agentsRunFromTheProductJarAndTheSchedulerFromTheDemos() {
    List<String> agent = java.hactl(List.of("agent", "--node", "n1"));
    assertEquals(
        List.of("-jar", "/opt/hactl.jar", "agent", "--node", "n1"),
        agent.subList(agent.size() - 5, agent.size()));
    assertFalse(agent.contains("/opt/hactl-demo.jar"), agent.toString());
    assertTrue(java.scheduler(Path.of("/s")).contains("/opt/hactl-demo.jar"));
  }

  @Test
  void withASharedDirectoryThereIsNoMountAndFencingUsesTheNodeTag() throws ConfigException {
    ClusterConfig c = parse(Isolation.SHARED_DIRECTORY);
    ServiceConfig s = c.service(DemoConfig.SERVICE).orElseThrow();
    assertEquals(1, s.startOrder().size());
    assertFalse(s.startOrder().get(0) instanceof FsResourceConfig);
    ExecResourceConfig exec = (ExecResourceConfig) s.startOrder().get(0);
    assertTrue(exec.command().get(exec.command().size() - 1).endsWith("storage"));
    var options = c.node("n3").orElseThrow().fenceLevels().get(0).devices().get(0).options();
    assertEquals("abcd1234:n3", options.get("tag"));
    assertTrue(s.emergencyStopBudget().compareTo(Duration.ofSeconds(1)) < 0);
  }
}
