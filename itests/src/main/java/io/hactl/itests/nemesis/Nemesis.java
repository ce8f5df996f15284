package io.hactl.itests.nemesis;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.itests.fence.BmcMode;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects one fault into a running test cluster, records what the checker must then find (recovery
 * deadlines, no takeover while fencing is broken, no fencing on a clean hand-off), and heals it.
 * Each method returns when the fault is healed and the service has recovered or its deadline has
 * passed; it does not restart nodes the fault killed: {@link #restore} does.
 */
public final class Nemesis {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
  private static final Duration POLL = Duration.ofMillis(20);

  private final TestCluster c;
  private final Budgets budgets;

  public Nemesis(TestCluster cluster, Budgets budgets) {
    this.c = cluster;
    this.budgets = budgets;
  }

  public Budgets budgets() {
    return budgets;
  }

  /** KILL of every process of {@code victim}. */
  public FaultRecord crashNode(String label, String victim) {
    String owner = c.owner().orElse(null);
    c.node(victim).crash();
    long t0 = System.nanoTime();
    Expectation.Recovery r = expectRecovery(label, t0, budgets.crash(), null, lost(victim, owner));
    awaitRecovery(r);
    return new FaultRecord(label, FaultKind.NODE_CRASH, victim, owner, t0, r, "");
  }

  /**
   * KILL of {@code victim}'s daemon, {@code times} times, each after the service came back. With
   * {@code priorFailures} recent failures on the node, a kill beyond the recovery policy's limit is
   * expected to relocate the service rather than restart it.
   */
  public List<FaultRecord> crashDaemon(String label, String victim, int times, int priorFailures) {
    List<FaultRecord> out = new ArrayList<>();
    boolean loop = priorFailures + times > ClusterYaml.MAX_RESTARTS;
    FaultKind kind = loop ? FaultKind.DAEMON_CRASH_LOOP : FaultKind.DAEMON_CRASH;
    for (int i = 1; i <= times; i++) {
      String owner = c.owner().orElse(null);
      if (!victim.equals(owner)) {
        out.add(
            new FaultRecord(
                label + " kill " + i,
                kind,
                victim,
                owner,
                System.nanoTime(),
                null,
                "skipped: " + victim + " no longer owns"));
        break;
      }
      List<Long> pids = c.node(victim).killDaemon();
      long t0 = System.nanoTime();
      boolean relocates = priorFailures + i > ClusterYaml.MAX_RESTARTS;
      Expectation.Recovery r =
          relocates
              ? expectRecovery(label + " kill " + i, t0, budgets.relocation(), null, victim)
              : expectRecovery(label + " kill " + i, t0, budgets.restart(), victim, null);
      awaitRecovery(r);
      out.add(new FaultRecord(label + " kill " + i, kind, victim, owner, t0, r, "killed " + pids));
    }
    return out;
  }

  /** SIGSTOP of {@code victim}'s agent for {@code hold}, then SIGCONT. */
  public FaultRecord pauseAgent(String label, String victim, Duration hold) {
    String owner = c.owner().orElse(null);
    c.node(victim).pauseAgent();
    long t0 = System.nanoTime();
    Expectation.Recovery r = expectRecovery(label, t0, budgets.crash(), null, lost(victim, owner));
    Waits.pause(hold);
    c.node(victim).resumeAgent();
    awaitRecovery(r);
    return new FaultRecord(
        label, FaultKind.AGENT_PAUSE, victim, owner, t0, r, "paused " + hold.toMillis() + " ms");
  }

  /** Drops {@code victim}'s traffic to every ZooKeeper server for {@code hold}, then heals. */
  public FaultRecord partition(String label, String victim, Duration hold) {
    String owner = c.owner().orElse(null);
    List<String> servers = new ArrayList<>();
    for (var s : c.zookeeper().servers()) {
      servers.add(s.address());
    }
    c.network().partition(victim, servers);
    long t0 = System.nanoTime();
    Expectation.Recovery r = expectRecovery(label, t0, budgets.crash(), null, lost(victim, owner));
    try {
      Waits.pause(hold);
    } finally {
      c.network().heal(victim);
    }
    awaitRecovery(r);
    return new FaultRecord(
        label, FaultKind.PARTITION, victim, owner, t0, r, "partitioned " + hold.toMillis() + " ms");
  }

  /** KILL of the ZooKeeper leader; restarted after {@code down}. */
  public FaultRecord crashZooKeeperLeader(String label, Duration down) {
    String owner = c.owner().orElse(null);
    OptionalInt leader = c.zookeeper().leader();
    if (leader.isEmpty()) {
      throw new HarnessException("no ZooKeeper leader to kill");
    }
    c.zookeeper().kill(leader.getAsInt());
    long t0 = System.nanoTime();
    Expectation.Recovery r = expectRecovery(label, t0, budgets.leaderLoss(), null, null);
    Waits.pause(down);
    c.zookeeper().restart(leader.getAsInt());
    c.zookeeper().awaitQuorum(Duration.ofSeconds(60));
    awaitRecovery(r);
    return new FaultRecord(
        label,
        FaultKind.ZK_LEADER_CRASH,
        "zk" + leader.getAsInt(),
        owner,
        t0,
        r,
        "server down " + down.toMillis() + " ms");
  }

  /**
   * Breaks {@code victim}'s fence device ({@code mode}), loses the victim (crash, or pause so its
   * daemon keeps running), keeps the device broken for {@code broken}, then repairs it.
   */
  public FaultRecord fenceFailure(
      String label, String victim, BmcMode mode, boolean pause, Duration broken) {
    String owner = c.owner().orElse(null);
    TestNode v = c.node(victim);
    v.bmc().mode(mode);
    if (pause) {
      v.pauseAgent();
    } else {
      v.crash();
    }
    long t0 = System.nanoTime();
    Waits.pause(broken);
    long repaired = System.nanoTime();
    v.bmc().mode(BmcMode.WORKING);
    c.recorder().expect(new Expectation.NoTakeover(label, victim, t0, repaired));
    Expectation.Recovery r =
        expectRecovery(label + " after repair", repaired, budgets.afterFenceRepair(), null, victim);
    awaitRecovery(r);
    if (pause) {
      v.resumeAgent();
    }
    return new FaultRecord(
        label,
        FaultKind.FENCE_FAILURE,
        victim,
        owner,
        t0,
        r,
        mode + (pause ? ", victim paused" : ", victim crashed"));
  }

  /** {@code hactl relocate SERVICE --to target}. */
  public FaultRecord relocate(String label, String target) {
    String owner = c.owner().orElse(null);
    long t0 = System.nanoTime();
    Expectation.Recovery r = expectRecovery(label, t0, budgets.relocate(), target, null);
    ProcessResult res =
        c.hactl(budgets.relocate(), "relocate", ClusterYaml.SERVICE, "--to", target);
    awaitRecovery(r);
    c.recorder().expect(new Expectation.NoFence(label, t0, System.nanoTime()));
    String where = c.owner().orElse("nobody");
    String outcome = res.describe() + "; running on " + where;
    if (!res.succeeded() || !where.equals(target)) {
      c.recorder().note("COMMAND FAILED " + label + ": " + outcome);
    }
    return new FaultRecord(label, FaultKind.RELOCATE, target, owner, t0, r, outcome);
  }

  /** The node a recovery must avoid: the victim, when it was the owner. */
  private static String lost(String victim, String owner) {
    return victim.equals(owner) ? victim : null;
  }

  private Expectation.Recovery expectRecovery(
      String label, long from, Duration budget, String required, String excluded) {
    Expectation.Recovery r =
        new Expectation.Recovery(label, from, from + budget.toNanos(), required, excluded);
    c.recorder().expect(r);
    LOG.info("{}: recovery expected within {} ms", label, budget.toMillis());
    return r;
  }

  /** Waits until one node runs the service (seen after {@code r.from()}) or the deadline passed. */
  private void awaitRecovery(Expectation.Recovery r) {
    long left = r.deadline() - System.nanoTime();
    Waits.poll(Duration.ofNanos(Math.max(0, left)), POLL, () -> recovered(r));
  }

  /** The latest sample is based on two scans after the fault and shows a runner r accepts. */
  private boolean recovered(Expectation.Recovery r) {
    long period = c.options().observerPeriod().toNanos();
    var s = c.recorder().latest();
    return c.observer().lastScanNanos() > r.from() + 2 * period
        && s != null
        && r.accepts(s.soleRunner());
  }

  /**
   * Brings the cluster back to full strength after a round: heals partitions, repairs BMCs,
   * restarts dead ZooKeeper servers and agents, and waits until one node runs the service.
   */
  public void restore(Duration timeout) {
    for (TestNode n : c.nodes()) {
      if (c.network().canPartition()) {
        c.network().heal(n.name());
      }
      n.bmc().mode(BmcMode.WORKING);
      n.resumeAgentIfPaused();
    }
    for (var s : c.zookeeper().servers()) {
      c.zookeeper().restart(s.id());
    }
    c.zookeeper().awaitQuorum(Duration.ofSeconds(60));
    for (TestNode n : c.nodes()) {
      if (!n.agentAlive()) {
        n.crash();
        n.startAgent();
        c.awaitJoined(n);
      }
    }
    c.awaitOwner(timeout);
  }
}
