package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the fields of one {@code type: ocf} resource and checks them against the agent's meta-data
 * through an {@link OcfAgentCatalog}: unknown and missing required parameters are errors naming the
 * parameter, and timeouts not given default to the agent's advised ones. It does not run the
 * agent's {@code validate-all}: its answer depends on the node (the resource runs it before each
 * start).
 */
final class OcfResourceReader {
  static final List<String> KEYS =
      List.of(
          "type",
          "name",
          "provider",
          "agent",
          "params",
          "monitorDepth",
          "startTimeout",
          "stopTimeout",
          "monitorInterval",
          "monitorTimeout",
          "emergencyStopTimeout",
          "children");

  /** Pacemaker's default operation timeout, for agents whose meta-data is not read. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(10);

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");
  private static final Pattern PARAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final Problems problems;
  private final OcfAgentCatalog catalog;
  private final Path ocfRoot;

  OcfResourceReader(Problems problems, OcfAgentCatalog catalog, Path ocfRoot) {
    this.problems = problems;
    this.catalog = catalog;
    this.ocfRoot = ocfRoot;
  }

  /** The resource, or null when anything in it is wrong (each problem reported). */
  OcfResourceConfig read(Fields f, String name, List<ResourceConfig> children, int before) {
    String provider = segment(f, "provider", "heartbeat");
    String agent = segment(f, "agent", null);
    Map<String, String> params = params(f);
    Integer depth =
        f.integer("monitorDepth", 0, n -> n >= 0 && n <= 100, "an OCF_CHECK_LEVEL from 0 to 100");
    Optional<OcfAgentCatalog.AgentInfo> info = Optional.empty();
    if (provider != null && agent != null) {
      try {
        info = catalog.describe(ocfRoot, provider, agent);
      } catch (OcfAgentCatalog.Unusable e) {
        problems.add(f.path("agent"), e.getMessage());
      }
    }
    if (params != null && info.isPresent()) {
      checkParams(f, "ocf:" + provider + ":" + agent, params, info.get());
    }
    Duration start = f.duration("startTimeout", advised(info, "start"), false);
    Duration stop = f.duration("stopTimeout", advised(info, "stop"), false);
    Duration interval =
        f.duration(
            "monitorInterval",
            info.flatMap(OcfAgentCatalog.AgentInfo::advisedMonitorInterval)
                .orElse(DEFAULT_MONITOR_INTERVAL),
            true);
    Duration monitorTimeout = monitorTimeout(f, advised(info, "monitor"), interval);
    Duration emergency = f.duration("emergencyStopTimeout", stop, false);
    if (problems.count() != before || children == null) {
      return null;
    }
    return new OcfResourceConfig(
        name,
        provider,
        agent,
        params,
        ocfRoot,
        depth,
        start,
        stop,
        interval,
        monitorTimeout,
        emergency,
        children);
  }

  /**
   * The monitor's deadline. An advised one longer than the interval (Filesystem advises 40 s every
   * 20 s) is cut to the interval, so that one monitor ends before the next is due; one set in the
   * file must fit.
   */
  private Duration monitorTimeout(Fields f, Duration advised, Duration interval) {
    if (f.get("monitorTimeout") == null) {
      return interval == null || interval.isZero() || advised.compareTo(interval) <= 0
          ? advised
          : interval;
    }
    Duration t = f.duration("monitorTimeout", advised, false);
    if (t != null && interval != null && !interval.isZero() && t.compareTo(interval) > 0) {
      problems.add(
          f.path("monitorTimeout"),
          "must not exceed monitorInterval (got monitorTimeout "
              + Durations.format(t)
              + ", monitorInterval "
              + Durations.format(interval)
              + "): one monitor must end before the next is due");
      return null;
    }
    return t;
  }

  private static Duration advised(Optional<OcfAgentCatalog.AgentInfo> info, String action) {
    return info.map(i -> i.advisedTimeouts().get(action)).orElse(DEFAULT_TIMEOUT);
  }

  private void checkParams(
      Fields f, String id, Map<String, String> params, OcfAgentCatalog.AgentInfo info) {
    for (String p : params.keySet()) {
      if (!info.parameters().contains(p)) {
        problems.add(
            Fields.key(f.path("params"), p),
            "unknown parameter of "
                + id
                + " (known: "
                + String.join(", ", info.parameters())
                + ")"
                + didYouMean(p, info.parameters()));
      }
    }
    for (String p : info.parameters()) {
      if (info.required().contains(p) && !params.containsKey(p)) {
        problems.add(
            Fields.key(f.path("params"), p),
            "is required by " + id + " (its meta-data marks it required); add params." + p);
      }
    }
  }

  private static String didYouMean(String p, List<String> known) {
    String near = Typos.closest(p, known);
    return near == null ? "" : "; did you mean " + near + "?";
  }

  private String segment(Fields f, String key, String def) {
    String s =
        def == null
            ? f.requiredString(key, "the OCF agent's type, such as IPaddr2 or Filesystem")
            : f.string(key, def);
    if (s != null && (!SEGMENT.matcher(s).matches() || s.equals("..") || s.equals("."))) {
      problems.add(
          f.path(key),
          "must be one name of a directory or file under OCF_ROOT/resource.d: letters, digits,"
              + " '_', '.', '+' and '-', no '/' (got \""
              + s
              + "\")");
      return null;
    }
    return s;
  }

  private Map<String, String> params(Fields f) {
    Map<String, String> raw =
        f.scalarMap("params", PARAM, "an OCF parameter name: letters, digits and '_'");
    if (raw == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : raw.entrySet()) {
      String v = e.getValue();
      if (v != null && v.indexOf('\0') >= 0) {
        problems.add(Fields.key(f.path("params"), e.getKey()), "must not contain a NUL character");
        return null;
      }
      out.put(e.getKey(), v);
    }
    return out;
  }
}
