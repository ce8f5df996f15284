package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the resource tree of one service ({@code fs} mounts, {@code exec} daemons and
 * {@code ocf} agents, the latter through {@link OcfResourceReader}), including that resource names
 * and mountpoints are unique within the service. One instance per service. It does not check that
 * devices, programs or users exist on any node.
 */
final class ResourceReader {
  static final List<String> FS_KEYS =
      List.of(
          "type",
          "name",
          "device",
          "mountpoint",
          "fstype",
          "options",
          "epochFile",
          "monitorDepth",
          "startTimeout",
          "stopTimeout",
          "monitorInterval",
          "monitorTimeout",
          "termGrace",
          "unmountTimeout",
          "children");
  static final List<String> EXEC_KEYS =
      List.of(
          "type",
          "name",
          "command",
          "user",
          "environment",
          "workdir",
          "pidfile",
          "ready",
          "monitor",
          "startTimeout",
          "stopTimeout",
          "monitorInterval",
          "monitorTimeout",
          "termGrace",
          "children");
  /*
   * Default emergency-stop timings (DESIGN rule 4). An fs resource with an exec child needs
   * 100ms + 200ms kill wait + 300ms (fs) + 200ms + 200ms kill wait (exec) = 1s, a third of the
   * default session timeout of 3s. By then the children are gone, so the fs's TERM only reaches
   * strays; the daemon gets 200ms to flush; a bind or NFS unmount of an idle mount takes
   * milliseconds. The ordinary stop keeps stopTimeout (60s); these apply only after a suspension.
   */
  static final Duration FS_TERM_GRACE = Duration.ofMillis(100);
  static final Duration UNMOUNT_TIMEOUT = Duration.ofMillis(300);
  static final Duration EXEC_TERM_GRACE = Duration.ofMillis(200);

  private static final Pattern NFS_DEVICE = Pattern.compile("(?:[^/\\s:\\[]+|\\[[^\\]]+\\]):/.*");
  private static final Pattern FSTYPE = Pattern.compile("[a-z0-9][a-z0-9._+-]*");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Problems problems;
  private final OcfResourceReader ocf;
  private final Map<String, String> names = new HashMap<>();
  private final Map<Path, String> mountpoints = new HashMap<>();

  ResourceReader(Problems problems) {
    this(problems, OcfAgentCatalog.UNCHECKED, OcfResourceConfig.DEFAULT_OCF_ROOT);
  }

  /**
   * @param catalog what is known of the OCF agents that {@code type: ocf} resources name
   * @param ocfRoot the cluster's OCF_ROOT
   */
  ResourceReader(Problems problems, OcfAgentCatalog catalog, Path ocfRoot) {
    this.problems = problems;
    this.ocf = new OcfResourceReader(problems, catalog, ocfRoot);
  }

  /**
   * Reads a list of resources (a service's {@code resources} or a resource's {@code children});
   * null when anything in it is wrong.
   */
  List<ResourceConfig> readList(JsonNode v, String path, boolean nonEmpty) {
    if (!v.isArray()) {
      problems.add(
          path,
          "must be a list of resources, each with type: fs, exec or ocf (got "
              + Fields.describe(v)
              + ")");
      return null;
    }
    if (nonEmpty && v.isEmpty()) {
      problems.add(path, "must list at least one resource");
      return null;
    }
    List<ResourceConfig> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(resource(v.get(i), Fields.index(path, i)));
    }
    return out.contains(null) ? null : out;
  }

  private ResourceConfig resource(JsonNode v, String path) {
    if (!v.isObject()) {
      problems.add(
          path, "must be a resource with type: fs, exec or ocf (got " + Fields.describe(v) + ")");
      return null;
    }
    JsonNode type = v.get("type");
    if (type == null || type.isNull()) {
      problems.add(
          Fields.key(path, "type"),
          "is required (fs for a mount, exec for a daemon, ocf for an OCF resource agent)");
      return null;
    }
    if (type.asText().equals("fs") && type.isTextual()) {
      return fs(Fields.of(v, path, problems, FS_KEYS));
    }
    if (type.asText().equals("exec") && type.isTextual()) {
      return exec(Fields.of(v, path, problems, EXEC_KEYS));
    }
    if (type.asText().equals("ocf") && type.isTextual()) {
      Fields f = Fields.of(v, path, problems, OcfResourceReader.KEYS);
      int before = problems.count();
      String name = name(f);
      return ocf.read(f, name, children(f), before);
    }
    problems.add(
        Fields.key(path, "type"),
        "must be one of: fs, exec, ocf (got " + Fields.describe(type) + ")");
    return null;
  }

  private FsResourceConfig fs(Fields f) {
    int before = problems.count();
    String name = name(f);
    Mount m = mount(f);
    Boolean epochFile = f.bool("epochFile", true);
    Integer depth =
        f.integer(
            "monitorDepth",
            0,
            n -> n == 0 || n == 10,
            "0 (check the mount table) or 10 (also write and read a probe file)");
    Timeouts t = timeouts(f, Duration.ofSeconds(30), FS_TERM_GRACE);
    Duration unmountTimeout = f.duration("unmountTimeout", UNMOUNT_TIMEOUT, Limits.UNMOUNT_TIMEOUT);
    List<ResourceConfig> children = children(f);
    if (problems.count() != before) {
      return null;
    }
    return new FsResourceConfig(
        name,
        m.device,
        m.mountpoint,
        m.fstype,
        m.options,
        epochFile,
        depth,
        t.start,
        t.stop,
        t.monitorInterval,
        t.monitorTimeout,
        t.termGrace,
        unmountTimeout,
        children);
  }

  /** What and where to mount, with the fstype and options defaults that depend on the device. */
  private Mount mount(Fields f) {
    String device = f.requiredString("device", "what to mount, such as nfs1:/export/spool");
    Path mountpoint = mountpoint(f);
    boolean nfs = device != null && NFS_DEVICE.matcher(device).matches();
    String fstype = fstype(f, nfs ? "nfs" : "none");
    if ("none".equals(fstype) && device != null && !device.startsWith("/")) {
      problems.add(
          f.path("device"),
          "must be an absolute directory path for a bind mount (fstype none); for NFS write"
              + " server:/export, otherwise set fstype (got \""
              + device
              + "\")");
    }
    return new Mount(device, mountpoint, fstype, fsOptions(f, fstype));
  }

  private ExecResourceConfig exec(Fields f) {
    int before = problems.count();
    String name = name(f);
    List<String> command =
        f.command(
            "command", "the program and its arguments, such as [/usr/sbin/condor_schedd, -f]");
    String user = user(f);
    Map<String, String> environment =
        f.scalarMap(
            "environment",
            ENV,
            "a variable name: letters, digits and '_', not starting with a digit");
    Path workdir = f.absolutePath("workdir", null);
    Path pidfile = f.absolutePath("pidfile", null);
    List<String> ready = f.command("ready", null);
    List<String> monitor = f.command("monitor", null);
    Timeouts t = timeouts(f, Duration.ofSeconds(60), EXEC_TERM_GRACE);
    List<ResourceConfig> children = children(f);
    if (problems.count() != before) {
      return null;
    }
    return new ExecResourceConfig(
        name,
        command,
        user,
        environment,
        workdir,
        pidfile,
        ready,
        monitor,
        t.start,
        t.stop,
        t.monitorInterval,
        t.monitorTimeout,
        t.termGrace,
        children);
  }

  private String name(Fields f) {
    String name = f.name("name", "the resource's name, unique within the service");
    if (name != null) {
      String first = names.putIfAbsent(name, f.path());
      if (first != null) {
        problems.add(
            f.path("name"),
            "duplicate resource name \""
                + name
                + "\" (first at "
                + first
                + "); resource names must be unique within a service");
      }
    }
    return name;
  }

  private Path mountpoint(Fields f) {
    Path mountpoint = f.absolutePath("mountpoint", "where to mount, an absolute path");
    if (mountpoint != null) {
      String first = mountpoints.putIfAbsent(mountpoint, f.path());
      if (first != null) {
        problems.add(
            f.path("mountpoint"),
            mountpoint
                + " is already mounted by "
                + first
                + "; mountpoints must be unique within a service");
      }
    }
    return mountpoint;
  }

  private String fstype(Fields f, String def) {
    String fstype = f.string("fstype", def);
    if (fstype != null && !FSTYPE.matcher(fstype).matches()) {
      problems.add(
          f.path("fstype"),
          "must be a file-system type for mount -t, such as nfs, nfs4, tmpfs or none (got \""
              + fstype
              + "\")");
      return null;
    }
    return fstype;
  }

  private String fsOptions(Fields f, String fstype) {
    JsonNode v = f.get("options");
    if (v == null) {
      return "none".equals(fstype) ? "bind" : "";
    }
    if (!v.isTextual() || v.asText().chars().anyMatch(Character::isWhitespace)) {
      problems.add(
          f.path("options"),
          "must be mount options for mount -o: a comma-separated string without spaces, such as"
              + " \"rw,hard\" (got "
              + Fields.describe(v)
              + ")");
      return null;
    }
    return v.asText();
  }

  private String user(Fields f) {
    JsonNode v = f.get("user");
    String user = v == null ? null : f.scalarText(v, f.path("user"));
    if (user != null && !USER.matcher(user).matches()) {
      problems.add(
          f.path("user"), "must be a user name or a numeric uid (got " + Fields.describe(v) + ")");
      return null;
    }
    return user;
  }

  private List<ResourceConfig> children(Fields f) {
    JsonNode v = f.get("children");
    return v == null ? List.of() : readList(v, f.path("children"), false);
  }

  private Timeouts timeouts(Fields f, Duration startDefault, Duration termGrace) {
    Timeouts t =
        new Timeouts(
            f.duration("startTimeout", startDefault, Limits.START_TIMEOUT),
            f.duration("stopTimeout", Duration.ofSeconds(60), Limits.STOP_TIMEOUT),
            f.duration("monitorInterval", Duration.ofSeconds(10), Limits.MONITOR_INTERVAL),
            f.duration("monitorTimeout", Duration.ofSeconds(10), Limits.MONITOR_TIMEOUT),
            f.duration("termGrace", termGrace, Limits.TERM_GRACE));
    if (t.monitorInterval != null
        && t.monitorTimeout != null
        && !t.monitorInterval.isZero()
        && t.monitorTimeout.compareTo(t.monitorInterval) > 0) {
      problems.add(
          f.path("monitorTimeout"),
          "must not exceed monitorInterval (got monitorTimeout "
              + Durations.format(t.monitorTimeout)
              + (f.get("monitorTimeout") == null ? " (default)" : "")
              + ", monitorInterval "
              + Durations.format(t.monitorInterval)
              + "): one monitor must end before the next is due; lower monitorTimeout, raise"
              + " monitorInterval, or set monitorInterval: 0s to turn the periodic monitor off");
    }
    return t;
  }

  /** The mount part of an fs resource; a null field was invalid and is reported. */
  private record Mount(String device, Path mountpoint, String fstype, String options) {}

  /** The timeouts both resource types have; a null field was invalid and is reported. */
  private record Timeouts(
      Duration start,
      Duration stop,
      Duration monitorInterval,
      Duration monitorTimeout,
      Duration termGrace) {}
}
