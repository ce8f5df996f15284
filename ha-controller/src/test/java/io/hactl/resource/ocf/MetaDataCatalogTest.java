package io.hactl.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.OcfAgentCatalog.AgentInfo;
import io.hactl.config.OcfAgentCatalog.Unusable;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Running meta-data of real agents, and of agents that misbehave. */
@Timeout(60)
class MetaDataCatalogTest {
  @TempDir Path tmp;
  private Path root;
  private final MetaDataCatalog catalog =
      new MetaDataCatalog(new ProcessRunner(), Duration.ofSeconds(2));

  @BeforeEach
  void install() throws IOException {
    Lab.assumePrograms("sh", "head");
    root = OcfLab.install(tmp);
  }

  private void agent(String name, String script) throws IOException {
    Path p = root.resolve("resource.d/test").resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void describesTheTestAgent() throws Unusable {
    AgentInfo info = catalog.describe(root, "test", "Coded").orElseThrow();
    assertEquals(List.of("dir", "fake"), info.parameters());
    assertEquals(Set.of("dir"), info.required());
    assertEquals(Duration.ofSeconds(7), info.advisedTimeouts().get("start"));
    assertEquals(Duration.ofSeconds(8), info.advisedTimeouts().get("stop"));
    assertEquals(Optional.of(Duration.ofSeconds(11)), info.advisedMonitorInterval());
  }

  @Test
  void describesDebianIpaddr2AndFilesystem() throws Unusable {
    OcfLab.assumeHeartbeat("IPaddr2");
    OcfLab.assumeHeartbeat("Filesystem");
    AgentInfo ip = catalog.describe(OcfLab.SYSTEM_ROOT, "heartbeat", "IPaddr2").orElseThrow();
    assertTrue(ip.required().contains("ip"), ip.required().toString());
    assertTrue(ip.parameters().contains("cidr_netmask"), ip.parameters().toString());
    AgentInfo fs = catalog.describe(OcfLab.SYSTEM_ROOT, "heartbeat", "Filesystem").orElseThrow();
    assertEquals(Set.of("device", "directory", "fstype"), fs.required());
    assertEquals(Duration.ofSeconds(60), fs.advisedTimeouts().get("stop"));
  }

  @Test
  void aMissingAgentIsNamedByItsPath() {
    Unusable e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Nope"));
    assertTrue(
        e.getMessage().contains(root.resolve("resource.d/test/Nope") + " does not exist"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ocf:test:Nope"), e.getMessage());
  }

  @Test
  void aHangingMetaDataIsCutAtItsDeadline() throws IOException {
    agent("Hang", "trap '' TERM; while :; do sleep 0.05; done");
    Unusable e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Hang"));
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void endlessOutputIsCutAtTheBound() throws IOException {
    agent("Chatty", "while :; do echo '<resource-agent>'; done");
    Unusable e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Chatty"));
    assertTrue(e.getMessage().contains("more than " + MetaDataCatalog.MAX_BYTES), e.getMessage());
  }

  @Test
  void aFailingMetaDataAndBadXmlAreRefused() throws IOException {
    agent("Fails", "echo '<resource-agent/>'; exit 3");
    Unusable e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Fails"));
    assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    agent("Garbage", "echo 'hello'");
    e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Garbage"));
    assertTrue(e.getMessage().contains("not well-formed XML"), e.getMessage());
  }

  @Test
  void aNonExecutableFileIsRefused() throws IOException {
    Files.writeString(root.resolve("resource.d/test/Plain"), "#!/bin/sh\n");
    Unusable e = assertThrows(Unusable.class, () -> catalog.describe(root, "test", "Plain"));
    assertTrue(e.getMessage().contains("is not an executable file"), e.getMessage());
  }
}
