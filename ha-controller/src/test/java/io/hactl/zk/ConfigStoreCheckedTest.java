package io.hactl.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A corrupt stored configuration comes back typed, naming the znode, instead of throwing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigStoreCheckedTest {
  @Test
  void corruptValidAndAbsentConfigurations() throws Exception {
    try (TestingServer server = new TestingServer(true);
        CuratorFramework c = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6))) {
      ZkClients.awaitConnected(c, Duration.ofSeconds(20));
      ZkLayout layout = new ZkLayout("/hactl/t");
      ConfigStore store = new ConfigStore(c, layout);
      assertTrue(store.readChecked().isEmpty());

      c.create()
          .creatingParentsIfNeeded()
          .forPath(layout.config(), "cluster: [\u0000".getBytes(StandardCharsets.UTF_8));
      Checked<?> junk = store.readChecked().orElseThrow();
      assertTrue(junk instanceof Checked.Corrupt<?>, junk.toString());
      assertTrue(junk.toString().startsWith("corrupt: /hactl/t/config: "), junk.toString());
      assertTrue(junk.toString().contains("hactl config apply"), junk.toString());

      c.setData().forPath(layout.config(), new byte[] {(byte) 0xff, (byte) 0xfe});
      assertTrue(store.readChecked().orElseThrow().toString().contains("not UTF-8"));

      String yaml = "cluster: {name: t}\nnodes: {n1: {address: 127.0.0.1, fence: manual}}\n";
      c.setData().forPath(layout.config(), yaml.getBytes(StandardCharsets.UTF_8));
      var ok = store.readChecked().orElseThrow();
      assertEquals("t", ok.value().orElseThrow().cluster().name());
    }
  }
}
