package io.hactl.itests.cluster;

import io.hactl.itests.net.Network;

/**
 * What a test cluster's service runs under its spool mount instead of the heartbeat daemon (a real
 * scheduler, say), and how the outside observer recognises that daemon's processes. It is asked
 * once, while the cluster is built, when the run's paths are known; it starts nothing itself.
 */
public interface Workload {
  /** The program the observer counts as the daemon: argv[0] or argv[1] of its processes. */
  String daemonProgram(ClusterPaths paths);

  /**
   * The resources under the spool's fs resource: YAML list items in hactl's schema, every line
   * indented by ten spaces and ending with a newline.
   */
  String childrenYaml(ClusterPaths paths, Network net);
}
