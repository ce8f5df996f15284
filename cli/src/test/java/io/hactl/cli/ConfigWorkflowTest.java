package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ConfigParser;
import io.hactl.zk.auth.ZkAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config show|diff|apply} against two running agents: the diff, the confirmation, the dry
 * run, secrets masked, and a cluster name that is not on the ensemble.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigWorkflowTest {
  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  @Test
  void showDiffApplyDryRunAndNewCluster() throws Exception {
    TestingServer server = closers.add(new TestingServer(true));
    String connect = server.getConnectString();
    Path cfg = tmp.resolve("cluster.yaml");
    String original = TwoAgents.yaml("cw", connect);
    Files.writeString(cfg, original);
    TwoAgents.start(new ConfigParser().parseFile(cfg), connect, ZkAccess.open(), closers);
    String c = cfg.toString();

    HactlRun show = HactlRun.hactl("config", "show", "-c", c);
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("termGrace: 1s"), show.out());

    HactlRun same = HactlRun.hactl("config", "diff", c);
    assertEquals(0, same.code(), same.out() + same.err());
    Path comments = tmp.resolve("comments.yaml");
    Files.writeString(comments, "# only a comment added\n" + original.replace("{n1:", "{ n1:"));
    assertEquals(0, HactlRun.hactl("config", "diff", comments.toString()).code(), "same meaning");

    Path changed = tmp.resolve("changed.yaml");
    Files.writeString(
        changed,
        original
            .replace("termGrace: 1s", "termGrace: 1500ms")
            .replace(
                "n2: {address: 127.0.0.1, fence: manual}",
                "n2: {address: 127.0.0.1, fence: [[{agent:"
                    + " fence_ipmilan, options: {ip: 192.0.2.1, username: admin, password: hunter2}}]]}"));
    assertTrue(Files.readString(changed).contains("hunter2"), "the change adds a fence device");
    HactlRun diff = HactlRun.hactl("config", "diff", changed.toString());
    assertEquals(1, diff.code(), diff.out() + diff.err());
    assertTrue(diff.out().contains("\n-") && diff.out().contains("termGrace: 1s"), diff.out());
    assertTrue(diff.out().contains("termGrace: 1500ms"), diff.out());
    assertTrue(diff.out().contains("@@ -"), diff.out());
    assertFalse(diff.out().contains("hunter2"), "secrets masked in the diff: " + diff.out());

    HactlRun noTerminal =
        HactlRun.hactl("config", "apply", "--allow-clear-text-secrets", changed.toString());
    assertEquals(2, noTerminal.code(), noTerminal.out() + noTerminal.err());
    assertTrue(noTerminal.err().contains("Add --yes"), noTerminal.err());
    assertTrue(noTerminal.out().contains("termGrace: 1500ms"), "shows the change first");
    HactlRun dry =
        HactlRun.hactl(
            "config", "apply", "--dry-run", "--allow-clear-text-secrets", changed.toString());
    assertEquals(0, dry.code(), dry.err());
    assertTrue(dry.out().contains("nothing was changed"), dry.out());
    assertTrue(
        HactlRun.hactl("config", "show", "-c", c).out().contains("termGrace: 1s"),
        "neither refusal nor dry run changed the stored configuration");

    HactlRun applied =
        HactlRun.hactl(
            "config", "apply", "--yes", "--allow-clear-text-secrets", changed.toString());
    assertEquals(0, applied.code(), applied.err());
    HactlRun shown = HactlRun.hactl("config", "show", "-c", c);
    assertTrue(shown.out().contains("termGrace: 1500ms"), shown.out());
    assertTrue(shown.out().contains("password: '" + ConfigText.MASK + "'"), shown.out());
    assertFalse(shown.out().contains("hunter2"), shown.out());
    assertEquals(0, HactlRun.hactl("config", "diff", changed.toString()).code());

    Path typo = tmp.resolve("typo.yaml");
    Files.writeString(typo, original.replace("name: cw,", "name: cw2,"));
    HactlRun refused = HactlRun.hactl("config", "apply", "--yes", typo.toString());
    assertEquals(6, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().contains("holds cw"), refused.err());
    assertTrue(refused.err().contains("--new-cluster"), refused.err());
    assertEquals(
        6,
        HactlRun.hactl("config", "show", "--zookeeper", connect, "--cluster", "cw2").code(),
        "nothing stored for the typo");
    HactlRun created = HactlRun.hactl("config", "apply", "--yes", "--new-cluster", typo.toString());
    assertEquals(0, created.code(), created.err());
    assertTrue(created.out().contains("creates cluster cw2 beside cw"), created.out());
    assertEquals(
        6,
        HactlRun.hactl("config", "apply", "--yes", "--new-cluster", c).code(),
        "--new-cluster on an existing cluster is refused");

    Path fresh = tmp.resolve("fresh.yaml");
    Files.writeString(
        fresh, original.replace("sessionTimeout: 6s", "sessionTimeout: 6s, chroot: /fresh"));
    HactlRun first = HactlRun.hactl("config", "apply", "--yes", fresh.toString());
    assertEquals(0, first.code(), first.err());
    assertTrue(
        first.out().contains("no cluster on this ensemble yet: this creates cluster cw"),
        first.out());
  }
}
