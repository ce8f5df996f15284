package io.hactl.itests.slurm;

import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.support.Daemon;
import io.hactl.testkit.support.HarnessException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slurm's own high availability, for comparison: slurmctld on the cluster's first two node
 * namespaces as {@code ctl1} (primary) and {@code ctl2} (backup), both named in slurm.conf and
 * sharing a plain StateSaveLocation, with no hactl agent running. Nothing fences anything; the
 * backup decides alone, from the primary's silence and its heartbeat file, when to take control.
 */
public final class BackupPair implements AutoCloseable {
  private final TestCluster cluster;
  private final Path conf;
  private final SlurmDirs dirs;
  private final Map<String, Daemon> controllers = new LinkedHashMap<>();

  public BackupPair(TestCluster cluster, Path conf, SlurmDirs dirs) {
    this.cluster = cluster;
    this.conf = conf;
    this.dirs = dirs;
  }

  /** The two SlurmctldHost lines: ctl1 on n1's address, ctl2 on n2's. */
  public static List<SlurmConf.Controller> controllers(TestCluster cluster) {
    return List.of(
        new SlurmConf.Controller("ctl1", cluster.network().nodeAddress(1)),
        new SlurmConf.Controller("ctl2", cluster.network().nodeAddress(2)));
  }

  /** The cluster node that runs controller {@code host} (ctl1 on n1, ctl2 on n2). */
  public static String nodeOf(String host) {
    return "n" + host.substring(host.length() - 1);
  }

  /** Starts slurmctld as {@code host} in its node's namespaces. */
  public synchronized void start(String host) {
    Daemon old = controllers.get(host);
    if (old != null && old.alive()) {
      throw new HarnessException(host + " already runs as pid " + old.pid());
    }
    String node = nodeOf(host);
    List<String> cmd = new java.util.ArrayList<>(cluster.network().enterNetwork(node));
    cmd.addAll(SlurmConf.privateRunControllerCommand(host, conf, dirs));
    Path log = cluster.node(node).dir().resolve("slurmctld-" + host + ".log");
    Daemon d = Daemon.toFile(host, cmd, Map.of(), cluster.node(node).dir(), log);
    cluster.run().janitor().process(cluster.run().id(), d.pid(), conf.toString());
    controllers.put(host, d);
  }

  /** Whether controller {@code host}'s process is alive. */
  public synchronized boolean alive(String host) {
    Daemon d = controllers.get(host);
    return d != null && d.alive();
  }

  @Override
  public synchronized void close() {
    for (Daemon d : controllers.values()) {
      d.stop(java.time.Duration.ofSeconds(5));
    }
    controllers.clear();
  }
}
