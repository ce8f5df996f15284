package io.hactl.itests.slurm;

import static io.hactl.itests.cluster.ClusterYaml.q;

import io.hactl.itests.cluster.ClusterPaths;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.ServiceShape;
import io.hactl.testkit.net.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * slurmctld as the test cluster's service: under the spool mount (Slurm's StateSaveLocation) an
 * exec resource holds the floating address (the shipped {@code floating-ip.sh}), and under it
 * slurmctld runs in the foreground under the one name {@code SlurmctldHost} gives. The observer
 * counts {@code /usr/sbin/slurmctld} processes. Emergency-stop budgets stay within a third of the
 * itests' short session timeout.
 */
public final class SlurmctldWorkload {
  /** The host name every node's slurmctld runs under, as written in slurm.conf. */
  public static final String CONTROLLER_HOST = "slurmctl";

  public static final String DAEMON = "/usr/sbin/slurmctld";

  /** Host part of the floating address in the node network. */
  public static final int FLOATING_HOST_PART = 30;

  /** The set-up name: {@link SlurmDirs#conf} and {@link SlurmDirs#ledger} of this workload. */
  public static final String SETUP = "hactl";

  private final Path floatingIpScript;

  public SlurmctldWorkload(Path floatingIpScript) {
    this.floatingIpScript = floatingIpScript;
  }

  /** The floating address clients and slurmd use. */
  public static String floatingAddress(Network net) {
    return net.nodeAddress(FLOATING_HOST_PART);
  }

  /**
   * The test cluster's service: the spool mount with the floating address and slurmctld under it;
   * the observer counts {@link #DAEMON} processes.
   */
  public ServiceShape shape() {
    return new ServiceShape(
        "",
        (paths, net) ->
            ClusterYaml.spoolService(
                paths.spool().toString(), paths.mountpoint().toString(), childrenYaml(paths, net)),
        paths -> DAEMON);
  }

  /** The resources under the spool's fs resource: the floating address, then slurmctld. */
  public String childrenYaml(ClusterPaths paths, Network net) {
    Path conf = SlurmDirs.of(paths.root()).conf(SETUP);
    String floatingCidr = floatingAddress(net) + "/24";
    List<String> ctl = SlurmConf.controllerCommand(CONTROLLER_HOST, conf);
    return "          - type: exec\n"
        + "            name: floating-ip\n"
        + "            command: "
        + list(List.of("/bin/sh", floatingIpScript.toString(), floatingCidr, "eth0"))
        + "\n"
        + "            startTimeout: 5s\n            stopTimeout: 5s\n"
        + "            termGrace: 50ms\n"
        + "            children:\n"
        + "              - type: exec\n"
        + "                name: slurmctld\n"
        + "                command: "
        + list(ctl)
        + "\n"
        + "                environment: {SLURM_CONF: "
        + q(conf.toString())
        + "}\n"
        + "                ready: [\"/usr/bin/scontrol\", \"ping\"]\n"
        + "                startTimeout: 30s\n                stopTimeout: 10s\n"
        + "                termGrace: 100ms\n";
  }

  private static String list(List<String> items) {
    return items.stream().map(s -> q(s)).collect(Collectors.joining(", ", "[", "]"));
  }
}
