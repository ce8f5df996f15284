package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Cluster-wide settings.
 *
 * @param name cluster name; also the ZooKeeper namespace under the chroot
 * @param zookeeper connect string {@code host:port,...}, or {@code "embedded"} for a one-machine
 *     cluster with an embedded server
 * @param chroot ZooKeeper path under which all clusters live, default {@code /hactl}
 * @param sessionTimeout requested session timeout; the agent reads back the negotiated value
 * @param selfFence what an owner does when it cannot confirm its emergency stop
 * @param historySize how many events the history keeps
 * @param ocfRoot {@code OCF_ROOT} of every {@code type: ocf} resource, default {@code /usr/lib/ocf}
 * @param tls TLS to ZooKeeper ({@code cluster.tls}), or null for plain TCP
 * @param fenceCheckInterval how often each agent runs {@code status} on the other nodes' fence
 *     devices ({@code hactl fence test}); zero for never
 */
public record ClusterSettings(
    String name,
    String zookeeper,
    String chroot,
    Duration sessionTimeout,
    SelfFence selfFence,
    int historySize,
    Path ocfRoot,
    Tls tls,
    Duration fenceCheckInterval) {

  /**
   * Client TLS to ZooKeeper: a trust store with the servers' CA, and a key store when the servers
   * require client certificates. Passwords are read from owner-only files on each host, never
   * written in the configuration.
   *
   * @param trustStore trust store file (PKCS12 or JKS, by extension)
   * @param trustStorePasswordFile file holding the trust store's password, or null for none
   * @param keyStore key store with this host's certificate, or null
   * @param keyStorePasswordFile file holding the key store's password, or null
   */
  public record Tls(
      Path trustStore, Path trustStorePasswordFile, Path keyStore, Path keyStorePasswordFile) {}

  public static final String EMBEDDED = "embedded";
  public static final String DEFAULT_CHROOT = "/hactl";

  /**
   * 3s: a crashed or cut-off owner is replaced after at most 3s + fencing + start, about half of
   * what Pacemaker takes with its defaults. ZooKeeper grants 2 to 20 ticks, so it needs an ensemble
   * whose tickTime is at most 1.5s (the embedded server's is 500ms); a stock ensemble (tickTime 2s)
   * grants 4s instead, which the agent reads back and uses. It assumes agents whose worst pause
   * stays well below the 2s read timeout ZooKeeper's client derives from it (two thirds): the
   * 30-minute soak with both cores busy measured 28ms GC pauses and a worst scheduling delay of
   * 0.64s. On noisy machines raise it. The resources' default emergency-stop timings (an fs with an
   * exec child: 1s) fit a third of it.
   */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(3);

  public static final int DEFAULT_HISTORY_SIZE = 1000;
  public static final Duration DEFAULT_FENCE_CHECK_INTERVAL = Duration.ofMinutes(5);

  /** Settings with the default {@code OCF_ROOT} and no TLS. */
  public ClusterSettings(
      String name,
      String zookeeper,
      String chroot,
      Duration sessionTimeout,
      SelfFence selfFence,
      int historySize) {
    this(
        name,
        zookeeper,
        chroot,
        sessionTimeout,
        selfFence,
        historySize,
        OcfResourceConfig.DEFAULT_OCF_ROOT,
        null,
        DEFAULT_FENCE_CHECK_INTERVAL);
  }

  public boolean embedded() {
    return EMBEDDED.equals(zookeeper);
  }

  /** The ZooKeeper path of this cluster: chroot + "/" + name. */
  public String root() {
    return (chroot.endsWith("/") ? chroot : chroot + "/") + name;
  }

  /** What an owner does when it cannot confirm that its daemon and mounts are gone. */
  public enum SelfFence {
    /** Reboot the machine ({@code reboot -f}). */
    REBOOT,
    /** Exit the agent with a distinct status, leaving the breadcrumb unclean. */
    EXIT,
    /** Only log; the next owner fences this node anyway. */
    NONE
  }
}
