package io.hactl.ocf;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.demo.scheduler.LedgerCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:hactl:quartz-demo in a real three-node Pacemaker cluster (corosync + pacemaker in namespaces,
 * fencing with fence_ipmilan against ipmi_sim), grouped after ocf:heartbeat:Filesystem (a bind
 * mount of the shared spool): started, monitored (a killed scheduler is seen by the agent's monitor
 * and restarted in place), moved with crm_resource --move, and failed over after a node crash, with
 * the crashed node fenced first. An outside observer samples every node's process and mount tables
 * throughout and never sees the spool or the scheduler on two nodes; the scheduler's ledger then
 * proves every firing ran exactly once.
 */
class PacemakerClusterIT {
  private static final Duration MEMBERSHIP = Duration.ofSeconds(120);
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @Test
  @Timeout(900)
  void quartzDemoGroupStartsIsMonitoredMovesAndFailsOver() throws Exception {
    OcfRoot.skipUnlessShellFuncs();
    PacemakerCluster.skipUnlessAvailable();
    Skip.unlessPrograms("setsid", "modprobe");
    Path dir = RunDir.create("pacemaker");
    OcfRoot ocf = OcfRoot.forNamespaces(dir);
    Path shared = Files.createDirectories(dir.resolve("shared/quartz"));
    Path mnt = Files.createDirectories(dir.resolve("mnt/quartz"));
    Path lib = QuartzDemoAgentIT.libDir(dir.resolve("lib"));
    String id = String.format("hop%04x", ThreadLocalRandom.current().nextInt(0x10000));
    try (NodeNet net = NodeNet.create(id, 3);
        PacemakerCluster c = PacemakerCluster.start(net, 3, dir, ocf);
        OwnerWatch watch = new OwnerWatch(net, 3, mnt)) {
      long t0 = System.nanoTime();
      c.awaitMembers(1, "n1 n2 n3", MEMBERSHIP);
      System.out.printf("three nodes online with a DC after %d ms%n", ms(t0));
      configure(c, shared, mnt, lib);

      String first = awaitRunning(c, watch, 1, Set.of("n1", "n2", "n3"));
      int a = node(first);
      awaitFiring(shared, first);
      await("the monitors of quartz-demo (depth 0 and 10) ran on " + first)
          .atMost(SETTLE)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> monitored(c, a, first));

      long pid = watch.schedulerPid(a).orElseThrow();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      await("Pacemaker restarts the killed scheduler on " + first)
          .atMost(SETTLE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  watch.schedulerPid(a).filter(p -> p != pid).isPresent()
                      && c.cli(a, "crm_mon", "-1", "--failcounts")
                          .output()
                          .contains("fail-count=1"));
      assertTrue(
          c.cli(a, "crm_mon", "-1", "--failcounts").output().contains("quartz-demo died"),
          "the agent's exit reason reaches Pacemaker");

      int b = a % 3 + 1;
      long t1 = System.nanoTime();
      c.cliOk(a, "crm_resource", "--move", "-r", "quartz", "-N", "n" + b);
      awaitRunning(c, watch, a, Set.of("n" + b));
      System.out.printf("crm_resource --move n%d -> n%d took %d ms%n", a, b, ms(t1));
      awaitFiring(shared, "n" + b);
      c.cliOk(a, "crm_resource", "--clear", "-r", "quartz");

      int survivor = b % 3 + 1;
      long t2 = System.nanoTime();
      c.crash(b);
      String after = awaitRunning(c, watch, survivor, Set.of("n" + a, "n" + survivor));
      System.out.printf("crash of n%d: quartz running on %s after %d ms%n", b, after, ms(t2));
      assertNotEquals("n" + b, after);
      awaitFiring(shared, after);
      List<Double> offs = c.bmc(b).powerOffs();
      assertEquals(1, offs.size(), "n" + b + " was fenced once by its BMC: " + offs);
      double started = watch.schedulerStart(node(after)).orElseThrow();
      System.out.printf(
          "n%d powered off at %.2f s, the scheduler on %s started at %.2f s (since boot)%n",
          b, offs.get(0), after, started);
      assertTrue(offs.get(0) < started, "fenced before the takeover started the scheduler");
      String history = c.cliOk(survivor, "stonith_admin", "--history", "n" + b);
      assertTrue(history.contains("successful"), history);

      assertEquals(List.of(), watch.violations(), "one owner at every sample");
      System.out.printf("observer: %d samples, never two owners%n", watch.samples());
      c.cliOk(
          survivor,
          "crm_resource",
          "-r",
          "quartz",
          "--meta",
          "--set-parameter",
          "target-role",
          "--parameter-value",
          "Stopped");
      await("quartz stopped everywhere")
          .atMost(SETTLE)
          .until(() -> c.locate(survivor, "quartz").isEmpty() && watch.owners().isEmpty());
      Proc.Result check =
          Proc.run(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  lib + "/*",
                  LedgerCheck.class.getName(),
                  "--spool",
                  shared.toString()),
              Map.of(),
              Duration.ofSeconds(60),
              dir);
      System.out.println(check.describe());
      assertEquals(0, check.rc(), check::describe);
      assertEquals(List.of(), watch.violations(), "one owner at every sample");
    }
  }

  /** Waits until the scheduler on {@code node} has recorded a firing in the shared ledger. */
  private static void awaitFiring(Path shared, String node) {
    Path ledger = shared.resolve("quartz-demo/ledger.txt");
    await("a firing by " + node + " in " + ledger)
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Proc.read(ledger).contains(" node=" + node + " "));
  }

  private static void configure(PacemakerCluster c, Path shared, Path mnt, Path lib) {
    c.cliOk(
        1,
        "cibadmin",
        "--modify",
        "--scope",
        "crm_config",
        "--xml-text",
        "<crm_config><cluster_property_set id=\"hactl-test\">"
            + nv("p-stonith", "stonith-enabled", "true")
            + nv("p-action", "stonith-action", "off")
            + nv("p-timeout", "stonith-timeout", "60s")
            + nv("p-quorum", "no-quorum-policy", "stop")
            + "</cluster_property_set></crm_config>");
    StringBuilder r = new StringBuilder("<resources>");
    for (int i = 1; i <= 3; i++) {
      r.append("<primitive id=\"fence-n")
          .append(i)
          .append("\" class=\"stonith\" type=\"fence_ipmilan\">");
      r.append("<instance_attributes id=\"fence-n").append(i).append("-ia\">");
      for (Map.Entry<String, String> p : c.bmc(i).fenceParams().entrySet()) {
        r.append(nv("f" + i + "-" + p.getKey(), p.getKey(), p.getValue()));
      }
      r.append(nv("f" + i + "-hosts", "pcmk_host_list", "n" + i));
      r.append("</instance_attributes></primitive>");
    }
    r.append("<group id=\"quartz\"><meta_attributes id=\"quartz-meta\">")
        .append(nv("quartz-stick", "resource-stickiness", "100"))
        .append("</meta_attributes>")
        .append(
            "<primitive id=\"quartz-spool\" class=\"ocf\" provider=\"heartbeat\" type=\"Filesystem\">")
        .append("<instance_attributes id=\"qs-ia\">")
        .append(nv("qs-dev", "device", shared.toString()))
        .append(nv("qs-dir", "directory", mnt.toString()))
        .append(nv("qs-fs", "fstype", "none"))
        .append(nv("qs-o", "options", "bind"))
        .append("</instance_attributes><operations>")
        .append("<op id=\"qs-mon\" name=\"monitor\" interval=\"10s\" timeout=\"40s\"/>")
        .append("</operations></primitive>")
        .append(
            "<primitive id=\"quartz-demo\" class=\"ocf\" provider=\"hactl\" type=\"quartz-demo\">")
        .append("<instance_attributes id=\"qd-ia\">")
        .append(nv("qd-spool", "spool", mnt.toString()))
        .append(
            nv(
                "qd-java",
                "java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()))
        .append(nv("qd-cp", "classpath", lib + "/*"))
        .append(nv("qd-opt", "options", "--lock-wait 5s --stop-timeout 5s"))
        .append("</instance_attributes><operations>")
        .append("<op id=\"qd-start\" name=\"start\" interval=\"0\" timeout=\"60s\"/>")
        .append("<op id=\"qd-stop\" name=\"stop\" interval=\"0\" timeout=\"30s\"/>")
        .append("<op id=\"qd-mon\" name=\"monitor\" interval=\"5s\" timeout=\"20s\"/>")
        .append("<op id=\"qd-mon10\" name=\"monitor\" interval=\"13s\" timeout=\"20s\">")
        .append("<instance_attributes id=\"qd-mon10-ia\">")
        .append(nv("qd-mon10-level", "OCF_CHECK_LEVEL", "10"))
        .append("</instance_attributes></op>")
        .append("</operations></primitive></group></resources>");
    c.cliOk(1, "cibadmin", "--replace", "--scope", "resources", "--xml-text", r.toString());
  }

  private static String nv(String id, String name, String value) {
    return "<nvpair id=\"" + id + "\" name=\"" + name + "\" value=\"" + xml(value) + "\"/>";
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  /**
   * Waits until Pacemaker (asked on node {@code via}) runs the group on one of {@code where} and
   * the observer sees it there and nowhere else; returns that node.
   */
  private static String awaitRunning(
      PacemakerCluster c, OwnerWatch watch, int via, Set<String> where) {
    String[] found = new String[1];
    await("quartz running on one of " + where + ", seen by Pacemaker and from outside")
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Optional<String> on = c.locate(via, "quartz");
              if (on.isEmpty() || !where.contains(on.get())) {
                return false;
              }
              found[0] = on.get();
              return watch.owners().equals(Set.of(on.get()));
            });
    return found[0];
  }

  /** Whether the CIB shows successful recurring monitors of quartz-demo at both depths on node. */
  private static boolean monitored(PacemakerCluster c, int via, String node) {
    String status = c.cli(via, "cibadmin", "--query", "--scope", "status").output();
    return status
            .lines()
            .anyMatch(
                l ->
                    l.contains("quartz-demo_monitor_5000")
                        && l.contains("on_node=\"" + node + "\"")
                        && l.contains("rc-code=\"0\""))
        && status
            .lines()
            .anyMatch(
                l ->
                    l.contains("quartz-demo_monitor_13000")
                        && l.contains("on_node=\"" + node + "\"")
                        && l.contains("rc-code=\"0\""));
  }

  private static int node(String name) {
    return Integer.parseInt(name.substring(1));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
