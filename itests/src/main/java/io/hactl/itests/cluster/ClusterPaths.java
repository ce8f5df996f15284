package io.hactl.itests.cluster;

import java.nio.file.Path;

/**
 * Where a test cluster keeps its files under the run directory.
 *
 * @param root the run directory
 * @param config the cluster configuration every node and command uses
 * @param spool the shared "NFS" spool directory the fs resource bind-mounts
 * @param mountpoint where the fs resource mounts the spool, in every node's mount namespace; the
 *     host never mounts anything there, so a file in it is a write outside the spool
 * @param heartbeatScript the test daemon
 * @param fenceAgent the fence agent named in the configuration (fence_ipmilan behind a timer)
 * @param fenceLog where that timer writes
 */
public record ClusterPaths(
    Path root,
    Path config,
    Path spool,
    Path mountpoint,
    Path heartbeatScript,
    Path fenceAgent,
    Path fenceLog) {

  /** The standard layout under run directory {@code root}; nothing is created. */
  public static ClusterPaths under(Path root) {
    return new ClusterPaths(
        root,
        root.resolve("cluster.yaml"),
        root.resolve("nfs/spool"),
        root.resolve("mnt/spool"),
        root.resolve("bin/hx-heartbeat"),
        // named as the agent it wraps: hactl treats the fence_ipmilan family by program name
        root.resolve("bin/hx-timed/fence_ipmilan"),
        root.resolve("fence-calls.log"));
  }

  public Path heartbeatFile() {
    return spool.resolve("heartbeat");
  }
}
