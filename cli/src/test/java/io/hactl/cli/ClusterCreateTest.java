package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ConfigParser;
import io.hactl.config.ExecResourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster-create}: the historical one-liner is refused with the fix; full forms work. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCreateTest {
  private static final String[] ONE_LINER = {
    "cluster-create",
    "name=schedd1",
    "spool=/var/lib/condor/spool",
    "server=nfs1",
    "export=/exports/schedd1",
    "node1",
    "node2",
    "node3"
  };

  @TempDir Path tmp;

  private static HactlRun create(String... extra) {
    List<String> args = new ArrayList<>(List.of(ONE_LINER));
    args.addAll(List.of(extra));
    return HactlRun.hactl(args.toArray(String[]::new));
  }

  private static List<String> fenceAll() {
    List<String> f = new ArrayList<>();
    for (String n : List.of("node1", "node2", "node3")) {
      f.add("--fence");
      f.add(
          n
              + ":fence_ipmilan:ip=10.0.1.1,username=hactl,lanplus=1,cipher=3,"
              + "secret.password=/etc/hactl/secrets/"
              + n
              + "-bmc");
    }
    return f;
  }

  @Test
  void theHistoricalOneLinerVerbatimIsRefusedWithEveryFixAndWritesNothing() throws Exception {
    Path out = tmp.resolve("c.yaml");
    List<String> args = new ArrayList<>(List.of(ONE_LINER));
    HactlRun r = HactlRun.hactl(args.toArray(String[]::new));
    assertEquals(3, r.code(), r.out() + r.err());
    assertFalse((r.out() + r.err()).contains("valid"), "never called valid: " + r.out() + r.err());
    assertEquals("", r.out(), "no configuration printed");
    assertTrue(r.err().contains("no daemon: service schedd1"), r.err());
    assertTrue(r.err().contains("--scheduler condor"), "says what to add: " + r.err());
    assertTrue(r.err().contains("no fencing for node1, node2, node3"), r.err());
    assertTrue(r.err().contains("--fence node1:fence_ipmilan:"), "with an example: " + r.err());
    assertTrue(r.err().contains("--zookeeper zk1:2181"), r.err());
    assertTrue(r.err().contains("--zookeeper embedded"), r.err());
    HactlRun toFile = create("-o", out.toString());
    assertEquals(3, toFile.code());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void eachMissingPieceAloneIsRefused() {
    List<String> all = new ArrayList<>(fenceAll());
    HactlRun noDaemon = create(concat(all, "--zookeeper", "zk1:2181").toArray(String[]::new));
    assertEquals(3, noDaemon.code());
    assertTrue(noDaemon.err().contains("1 problem(s)"), noDaemon.err());
    assertTrue(noDaemon.err().contains("no daemon"), noDaemon.err());

    List<String> twoFenced = new ArrayList<>(all.subList(0, 4));
    HactlRun oneUnfenced =
        create(
            concat(twoFenced, "--zookeeper", "zk1:2181", "--scheduler", "condor")
                .toArray(String[]::new));
    assertEquals(3, oneUnfenced.code());
    assertTrue(oneUnfenced.err().contains("no fencing for node3:"), oneUnfenced.err());

    HactlRun noZk = create(concat(all, "--scheduler", "condor").toArray(String[]::new));
    assertEquals(3, noZk.code());
    assertTrue(noZk.err().contains("no ZooKeeper ensemble"), noZk.err());
  }

  @Test
  void everySchedulerMakesAConfigurationThatStartsItsDaemonOnTheSpool() throws Exception {
    for (String s : List.of("condor", "slurm", "quartz-demo", "exec:/usr/sbin/mydaemon -f")) {
      HactlRun r =
          create(
              concat(fenceAll(), "--zookeeper", "zk1:2181", "--scheduler", s)
                  .toArray(String[]::new));
      assertEquals(0, r.code(), s + ": " + r.err());
      var c = new ConfigParser().parse(r.out(), s);
      var svc = c.services().get("schedd1");
      assertEquals(2, svc.startOrder().size(), s + ": spool then daemon");
      assertTrue(svc.startOrder().get(1) instanceof ExecResourceConfig, s);
      for (String n : List.of("node1", "node2", "node3")) {
        assertEquals(1, c.nodes().get(n).fenceLevels().size(), s + ": " + n + " fenced");
      }
      assertFalse(r.out().contains("password: \""), "no secret in clear: " + r.out());
    }
  }

  @Test
  void embeddedZooKeeperIsMarkedAsATrialAndClearSecretsNeedTheFlag() throws Exception {
    HactlRun r =
        create(
            concat(fenceAll(), "--zookeeper", "embedded", "--scheduler", "condor")
                .toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("one-machine trial, never production"), r.out());

    List<String> clear =
        List.of(
            "--fence",
            "node1:fence_ipmilan:ip=10.0.1.1,username=u,password=hunter2",
            "--fence",
            "node2:fence_dummy",
            "--fence",
            "node3:fence_dummy",
            "--zookeeper",
            "zk1:2181",
            "--scheduler",
            "condor");
    HactlRun refused = create(clear.toArray(String[]::new));
    assertEquals(3, refused.code());
    assertTrue(refused.err().contains("options.password"), refused.err());
    assertTrue(refused.err().contains("secret.KEY=/path"), refused.err());
    HactlRun allowed = create(concat(clear, "--allow-clear-text-secrets").toArray(String[]::new));
    assertEquals(0, allowed.code(), allowed.err());

    HactlRun badFence = create("--fence", "node9:fence_dummy");
    assertEquals(2, badFence.code());
    assertTrue(badFence.err().contains("node9 is not one of"), badFence.err());
    HactlRun badSecret = create("--fence", "node1:fence_dummy:secret.password=relative");
    assertEquals(2, badSecret.code());
    assertTrue(badSecret.err().contains("absolute path"), badSecret.err());
  }

  private static List<String> concat(List<String> a, String... more) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(more));
    return out;
  }
}
