package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code cluster:} section. It does not check whether the ZooKeeper servers
 * exist or answer, nor what session timeout they will grant.
 */
final class ClusterSectionReader {
  static final String PATH = "cluster";
  static final List<String> KEYS =
      List.of(
          "name",
          "zookeeper",
          "chroot",
          "sessionTimeout",
          "selfFence",
          "historySize",
          "ocfRoot",
          "tls",
          "fenceCheckInterval");
  private static final List<String> TLS_KEYS =
      List.of("trustStore", "trustStorePasswordFile", "keyStore", "keyStorePasswordFile");
  private static final Pattern HOST_PORT =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");

  private final Problems problems;
  private Duration sessionTimeout;
  private Path ocfRoot = OcfResourceConfig.DEFAULT_OCF_ROOT;

  ClusterSectionReader(Problems problems) {
    this.problems = problems;
  }

  /** The section's settings, or null when any of them is wrong (each problem reported). */
  ClusterSettings read(JsonNode node) {
    int before = problems.count();
    Fields f = Fields.of(node, PATH, problems, KEYS);
    if (f == null) {
      return null;
    }
    String name = f.name("name", "the cluster's name, " + Fields.NAME_RULE);
    String zookeeper = zookeeper(f);
    String chroot = chroot(f);
    sessionTimeout =
        f.duration(
            "sessionTimeout", ClusterSettings.DEFAULT_SESSION_TIMEOUT, Limits.SESSION_TIMEOUT);
    ClusterSettings.SelfFence selfFence =
        f.choice("selfFence", ClusterSettings.SelfFence.EXIT, ClusterSettings.SelfFence.class);
    Integer historySize =
        f.integer("historySize", ClusterSettings.DEFAULT_HISTORY_SIZE, Limits.HISTORY_SIZE);
    Path root = f.absolutePath("ocfRoot", null);
    if (root != null) {
      ocfRoot = root;
    }
    ClusterSettings.Tls tls = tls(f);
    Duration fenceCheck =
        f.duration(
            "fenceCheckInterval",
            ClusterSettings.DEFAULT_FENCE_CHECK_INTERVAL,
            Limits.FENCE_CHECK_INTERVAL);
    if (problems.count() != before) {
      return null;
    }
    return new ClusterSettings(
        name, zookeeper, chroot, sessionTimeout, selfFence, historySize, ocfRoot, tls, fenceCheck);
  }

  /**
   * The session timeout when it was read and is valid, else null: the timing rule of services can
   * be checked even when another cluster setting is wrong.
   */
  Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** The OCF_ROOT of {@code type: ocf} resources: the section's, or the default. */
  Path ocfRoot() {
    return ocfRoot;
  }

  private ClusterSettings.Tls tls(Fields f) {
    JsonNode node = f.get("tls");
    if (node == null) {
      return null;
    }
    Fields t = Fields.of(node, f.path("tls"), problems, TLS_KEYS);
    if (t == null) {
      return null;
    }
    Path trust = t.absolutePath("trustStore", "the trust store with the ZooKeeper servers' CA");
    Path trustPw = t.absolutePath("trustStorePasswordFile", null);
    Path key = t.absolutePath("keyStore", null);
    Path keyPw = t.absolutePath("keyStorePasswordFile", null);
    if (key == null && keyPw != null) {
      problems.add(t.path("keyStorePasswordFile"), "is only useful with tls.keyStore; add it");
    }
    return new ClusterSettings.Tls(trust, trustPw, key, keyPw);
  }

  private String zookeeper(Fields f) {
    String s = f.string("zookeeper", ClusterSettings.EMBEDDED);
    if (s == null || s.equals(ClusterSettings.EMBEDDED)) {
      return s;
    }
    if (s.contains("/")) {
      problems.add(
          f.path("zookeeper"),
          "must not contain a chroot path; set cluster.chroot instead (got \"" + s + "\")");
      return null;
    }
    for (String server : s.split(",", -1)) {
      var m = HOST_PORT.matcher(server.trim());
      if (!m.matches()
          || Integer.parseInt(m.group(1)) < 1
          || Integer.parseInt(m.group(1)) > 65535) {
        problems.add(
            f.path("zookeeper"),
            "must be \"embedded\" or comma-separated host:port pairs such as"
                + " \"zk1:2181,zk2:2181,zk3:2181\" (got \""
                + s
                + "\")");
        return null;
      }
    }
    return s;
  }

  private String chroot(Fields f) {
    String s = f.string("chroot", ClusterSettings.DEFAULT_CHROOT);
    if (s == null || isZooKeeperPath(s)) {
      return s;
    }
    problems.add(
        f.path("chroot"),
        "must be an absolute ZooKeeper path such as /hactl: a leading '/', no empty, '.' or '..'"
            + " parts, no trailing '/', not under /zookeeper (got \""
            + s
            + "\")");
    return null;
  }

  private static boolean isZooKeeperPath(String s) {
    if (s.equals("/")) {
      return true;
    }
    if (!s.startsWith("/") || s.endsWith("/")) {
      return false;
    }
    String[] parts = s.substring(1).split("/", -1);
    if (parts[0].equals("zookeeper")) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.equals(".")
          || part.equals("..")
          || part.chars().anyMatch(Character::isISOControl)) {
        return false;
      }
    }
    return true;
  }
}
