package io.hactl.itests.slurm;

import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.RunContext;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Slurm's compute node {@code cn1}: one more network namespace on the cluster's bridge, where
 * slurmd runs (and, under it, the jobs). slurmd is entered with {@code nsenter --net} and {@code
 * unshare -m -u} rather than {@code ip netns exec}, which remounts /sys and breaks slurmd. It is
 * not a hactl node: no agent, no BMC, never faulted.
 */
public final class ComputeNode implements AutoCloseable {
  public static final String NAME = "cn1";

  private final NamespaceNetwork net;
  private final RunContext run;
  private final SlurmDirs dirs;
  private final String address;
  private Daemon slurmd;

  private ComputeNode(NamespaceNetwork net, RunContext run, SlurmDirs dirs, String address) {
    this.net = net;
    this.run = run;
    this.dirs = dirs;
    this.address = address;
  }

  /** Adds the namespace as address {@code .hostPart} of the cluster's network. */
  public static ComputeNode add(
      NamespaceNetwork net, RunContext run, SlurmDirs dirs, int hostPart) {
    net.addNode(NAME, hostPart);
    ComputeNode cn = new ComputeNode(net, run, dirs, net.nodeAddress(hostPart));
    return run.closeLater("compute node " + NAME, cn);
  }

  public String address() {
    return address;
  }

  /** Starts slurmd with {@code conf}; stop the previous one first. */
  public synchronized void startSlurmd(Path conf) {
    if (slurmd != null && slurmd.alive()) {
      throw new HarnessException("slurmd already running as pid " + slurmd.pid());
    }
    String script = "hostname " + NAME + " && exec /usr/sbin/slurmd -D -f '" + conf + "'";
    List<String> cmd =
        List.of(
            "nsenter",
            "--net=/run/netns/" + net.nodeNs(NAME),
            "unshare",
            "-m",
            "-u",
            "/bin/sh",
            "-c",
            script);
    slurmd =
        Daemon.toFile(
            "slurmd", cmd, Map.of(), dirs.slurmdDir(), dirs.slurmdDir().resolve("slurmd.out"));
    run.janitor().process(run.id(), slurmd.pid(), conf.toString());
  }

  /** KILL of slurmd and every job process on the node; returns when all are gone. */
  public synchronized void stopAll() {
    long ino = net.netInode(NAME).orElseThrow();
    Procfs.killAll(pid -> Procfs.namespace(pid, "net").orElse(-1) == ino, 50);
    Waits.until(
        NAME + " has no process left",
        Duration.ofSeconds(10),
        Duration.ofMillis(20),
        () -> !Procfs.any(pid -> Procfs.namespace(pid, "net").orElse(-1) == ino));
    slurmd = null;
  }

  @Override
  public void close() {
    stopAll();
  }
}
