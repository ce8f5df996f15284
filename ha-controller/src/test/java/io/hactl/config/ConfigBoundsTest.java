package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every duration and count field of the configuration through zero, negative, the smallest
 * and largest valid values, one past each end, and absurd values. The ranges are written here as
 * the documentation states them, and {@link #theTableCoversEveryBoundedFieldOfTheReaders} finds the
 * bounded fields by probing every key the readers know, so a new field without a row fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigBoundsTest {
  private static final String SVC = "services.s1";
  private static final String FS = SVC + ".resources[0]";
  private static final String EXEC = FS + ".children[0]";
  private static final String DEVICE = "nodes.n1.fence[0][0]";
  private static final String MEMBER = "failoverDomains.d1.nodes[0]";

  private final ConfigParser parser = new ConfigParser();

  /** A duration field, its documented range, and where the parsed value is found. */
  record DurationRow(
      String path,
      String min,
      String max,
      boolean zeroMeansOff,
      Function<ClusterConfig, Duration> get) {
    @Override
    public String toString() {
      return path;
    }
  }

  /** A count field, its documented range, and where the parsed value is found. */
  record CountRow(String path, int min, int max, Function<ClusterConfig, Integer> get) {
    @Override
    public String toString() {
      return path;
    }
  }

  static List<DurationRow> durationRows() {
    return List.of(
        new DurationRow(
            "cluster.sessionTimeout", "2s", "5m", false, c -> c.cluster().sessionTimeout()),
        new DurationRow(
            "cluster.fenceCheckInterval",
            "10s",
            "24h",
            true,
            c -> c.cluster().fenceCheckInterval()),
        new DurationRow(
            DEVICE + ".timeout",
            "1s",
            "10m",
            false,
            c -> c.nodes().get("n1").fenceLevels().get(0).devices().get(0).timeout()),
        new DurationRow(
            SVC + ".recovery.window", "1s", "24h", false, c -> service(c).recovery().window()),
        new DurationRow(FS + ".startTimeout", "100ms", "1h", false, c -> fs(c).startTimeout()),
        new DurationRow(FS + ".stopTimeout", "100ms", "1h", false, c -> fs(c).stopTimeout()),
        new DurationRow(FS + ".monitorInterval", "100ms", "1h", true, c -> fs(c).monitorInterval()),
        new DurationRow(FS + ".monitorTimeout", "100ms", "1h", false, c -> fs(c).monitorTimeout()),
        new DurationRow(FS + ".termGrace", "0s", "1m", false, c -> fs(c).termGrace()),
        new DurationRow(FS + ".unmountTimeout", "100ms", "1m", false, c -> fs(c).unmountTimeout()),
        new DurationRow(EXEC + ".startTimeout", "100ms", "1h", false, c -> exec(c).startTimeout()),
        new DurationRow(EXEC + ".stopTimeout", "100ms", "1h", false, c -> exec(c).stopTimeout()),
        new DurationRow(
            EXEC + ".monitorInterval", "100ms", "1h", true, c -> exec(c).monitorInterval()),
        new DurationRow(
            EXEC + ".monitorTimeout", "100ms", "1h", false, c -> exec(c).monitorTimeout()),
        new DurationRow(EXEC + ".termGrace", "0s", "1m", false, c -> exec(c).termGrace()),
        new DurationRow("alerts.a1.timeout", "1s", "5m", false, c -> c.alerts().get(0).timeout()));
  }

  static List<CountRow> countRows() {
    return List.of(
        new CountRow("cluster.historySize", 10, 100_000, c -> c.cluster().historySize()),
        new CountRow(
            SVC + ".recovery.maxRestarts", 0, 100, c -> service(c).recovery().maxRestarts()),
        new CountRow(
            MEMBER + ".priority",
            1,
            1000,
            c -> c.failoverDomains().get("d1").members().get(0).priority()),
        new CountRow("alerts.a1.queue", 1, 10_000, c -> c.alerts().get(0).queue()));
  }

  /** Every value a duration row is walked through, and whether it must be accepted. */
  static Stream<Arguments> durationCases() {
    List<Arguments> out = new ArrayList<>();
    for (DurationRow r : durationRows()) {
      Duration min = Durations.parse(r.min());
      Duration max = Durations.parse(r.max());
      boolean zeroValid = r.zeroMeansOff() || min.isZero();
      out.add(Arguments.of(r, "0s", zeroValid));
      out.add(Arguments.of(r, "0ms", zeroValid));
      out.add(Arguments.of(r, "-1s", false));
      out.add(Arguments.of(r, r.min(), true));
      out.add(Arguments.of(r, r.max(), true));
      out.add(Arguments.of(r, (max.toMillis() + 1) + "ms", false));
      if (min.toMillis() > 1) {
        out.add(Arguments.of(r, (min.toMillis() - 1) + "ms", false));
      }
      for (String absurd :
          List.of(
              "999999999h",
              "999999999h999999999m999999999s999999999ms",
              "1e30s",
              "PT-1S",
              "1.5s",
              "5 s")) {
        out.add(Arguments.of(r, absurd, false));
      }
      out.add(Arguments.of(r, 20, false)); // a number without a unit
      out.add(Arguments.of(r, new BigInteger("1000000000000000000000000000000"), false));
    }
    return out.stream();
  }

  /** Every value a count row is walked through, and whether it must be accepted. */
  static Stream<Arguments> countCases() {
    List<Arguments> out = new ArrayList<>();
    for (CountRow r : countRows()) {
      out.add(Arguments.of(r, 0, r.min() <= 0));
      out.add(Arguments.of(r, -1, false));
      out.add(Arguments.of(r, r.min(), true));
      out.add(Arguments.of(r, r.max(), true));
      out.add(Arguments.of(r, r.max() + 1, false));
      if (r.min() > 1) {
        out.add(Arguments.of(r, r.min() - 1, false));
      }
      out.add(Arguments.of(r, Integer.MAX_VALUE, false));
      out.add(Arguments.of(r, Integer.MIN_VALUE, false));
      out.add(Arguments.of(r, 2_147_483_648L, false)); // wraps to a negative int if cast
      out.add(Arguments.of(r, 4_294_967_297L, false)); // wraps to 1 if cast
      out.add(Arguments.of(r, new BigInteger("999999999999999999999999999999"), false));
      out.add(Arguments.of(r, new BigInteger("-999999999999999999999999999999"), false));
      for (String absurd : List.of("1e30", "1.5", "ten", "3")) {
        out.add(Arguments.of(r, absurd, false)); // strings, even "3": a count is a YAML integer
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("durationCases")
  void everyDurationFieldAcceptsExactlyItsRange(DurationRow row, Object value, boolean valid) {
    String yaml = yaml(with(row.path(), value));
    if (valid) {
      ClusterConfig c = parse(yaml);
      assertEquals(Durations.parse((String) value), row.get().apply(c), row.path());
      return;
    }
    String error = onlyError(yaml, row.path());
    String range =
        (row.zeroMeansOff() ? "must be 0s (off) or " : "must be ")
            + "a duration from "
            + row.min()
            + " to "
            + row.max();
    assertTrue(error.startsWith(row.path() + ": " + range), error);
    assertTrue(error.contains("(got "), "the error shows the value: " + error);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("countCases")
  void everyCountFieldAcceptsExactlyItsRange(CountRow row, Object value, boolean valid) {
    String yaml = yaml(with(row.path(), value));
    if (valid) {
      assertEquals(value, row.get().apply(parse(yaml)), row.path());
      return;
    }
    String error = onlyError(yaml, row.path());
    String range = "must be an integer from " + row.min() + " to " + row.max();
    assertTrue(error.startsWith(row.path() + ": " + range + " (got "), error);
  }

  @Test
  void aValueAboveTheRangeSaysWhyLargerValuesAreRefused() {
    String error =
        onlyError(yaml(with("cluster.sessionTimeout", "600h")), "cluster.sessionTimeout");
    assertEquals(
        "cluster.sessionTimeout: must be a duration from 2s to 5m (got \"600h\"): when an owner"
            + " crashes or is cut off, no other node may take over before its session expires,"
            + " so a longer session timeout keeps the service down that long on every such"
            + " failover (ZooKeeper also grants at most 20 times its tickTime: 40s with the"
            + " default tickTime of 2s)",
        error);
  }

  /**
   * Probes every key of every section the readers know with a value no field accepts, and checks
   * that the fields whose error names a duration or an integer range are exactly the rows above.
   */
  @Test
  void theTableCoversEveryBoundedFieldOfTheReaders() {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.put("cluster", ClusterSectionReader.KEYS);
    sections.put("nodes.n1", NodeReader.NODE_KEYS);
    sections.put(DEVICE, NodeReader.DEVICE_KEYS);
    sections.put("failoverDomains.d1", DomainReader.KEYS);
    sections.put(MEMBER, DomainReader.MEMBER_KEYS);
    sections.put(SVC, ServiceReader.KEYS);
    sections.put(SVC + ".recovery", ServiceReader.RECOVERY_KEYS);
    sections.put(FS, ResourceReader.FS_KEYS);
    sections.put(EXEC, ResourceReader.EXEC_KEYS);
    sections.put("alerts.a1", AlertsReader.KEYS);
    Set<String> durations = new TreeSet<>();
    Set<String> counts = new TreeSet<>();
    sections.forEach(
        (section, keys) -> {
          for (String key : keys) {
            String path = section + "." + key;
            if (errors(yaml(with(path, "7x"))).stream()
                .anyMatch(
                    e ->
                        e.matches(
                            Pattern.quote(path)
                                + ": must be (0s \\(off\\) or )?a duration from .*"))) {
              durations.add(path);
            }
            if (errors(yaml(with(path, -123_456_789))).stream()
                .anyMatch(e -> e.startsWith(path + ": must be an integer from "))) {
              counts.add(path);
            }
          }
        });
    assertEquals(new TreeSet<>(durationRows().stream().map(DurationRow::path).toList()), durations);
    assertEquals(new TreeSet<>(countRows().stream().map(CountRow::path).toList()), counts);
  }

  // --- the base configuration, valid for every row, and how a field of it is changed ---

  /**
   * Valid with every field at either end of its range: a 5m session leaves room for the largest
   * emergency stop, and the emergency budget of the smallest session (2s: 666ms) fits the base
   * resources (termGrace 0s, unmountTimeout 100ms, kill waits 2 x 200ms).
   */
  private static Map<String, Object> base() {
    Map<String, Object> root = map();
    root.put("cluster", map("name", "prod", "sessionTimeout", "5m", "historySize", 1000));
    Map<String, Object> device =
        map("agent", "fence_ipmilan", "timeout", "60s", "options", map("ip", "10.0.1.1"));
    root.put(
        "nodes",
        map(
            "n1",
            map("address", "10.0.0.1", "fence", List.of(List.of(device))),
            "n2",
            map("address", "10.0.0.2", "fence", "manual")));
    root.put(
        "failoverDomains",
        map("d1", map("nodes", List.of(map("node", "n1", "priority", 1), "n2"))));
    Map<String, Object> exec =
        map("type", "exec", "name", "daemon", "command", List.of("/bin/true"));
    exec.putAll(timeouts("60s"));
    Map<String, Object> fs =
        map("type", "fs", "name", "spool", "device", "/srv/spool", "mountpoint", "/var/spool/s1");
    fs.putAll(timeouts("30s"));
    fs.put("unmountTimeout", "100ms");
    fs.put("children", List.of(exec));
    root.put(
        "services",
        map(
            "s1",
            map(
                "domain",
                "d1",
                "recovery",
                map("policy", "restart", "maxRestarts", 3, "window", "60s"),
                "resources",
                List.of(fs))));
    root.put("alerts", map("a1", map("path", "/usr/bin/logger", "timeout", "10s", "queue", 100)));
    return root;
  }

  private static Map<String, Object> timeouts(String start) {
    return map(
        "startTimeout",
        start,
        "stopTimeout",
        "60s",
        "monitorInterval",
        "0s",
        "monitorTimeout",
        "100ms",
        "termGrace",
        "0s");
  }

  private static final Pattern STEP = Pattern.compile("([^.\\[]+)((?:\\[\\d+\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");

  /** The base configuration with the field at {@code path} (as errors name it) set to value. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(String path, Object value) {
    Map<String, Object> root = base();
    Object at = root;
    String[] steps = path.split("\\.");
    for (int s = 0; s < steps.length; s++) {
      Matcher m = STEP.matcher(steps[s]);
      assertTrue(m.matches(), path);
      List<Integer> indexes = new ArrayList<>();
      Matcher i = INDEX.matcher(m.group(2));
      while (i.find()) {
        indexes.add(Integer.parseInt(i.group(1)));
      }
      Map<String, Object> parent = (Map<String, Object>) at;
      if (s == steps.length - 1 && indexes.isEmpty()) {
        parent.put(m.group(1), value);
        return root;
      }
      at = parent.get(m.group(1));
      for (int index : indexes) {
        at = ((List<Object>) at).get(index);
      }
    }
    throw new AssertionError("not a field path: " + path);
  }

  /** A mutable mapping of the given keys and values, in order. */
  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static String yaml(Map<String, Object> tree) {
    try {
      return new YAMLMapper().writeValueAsString(deepCopy(tree));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Lists built with List.of are immutable; the mapper does not care, but copies keep it simple.
   */
  private static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, deepCopy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(ConfigBoundsTest::deepCopy).toList();
    }
    return o;
  }

  private ClusterConfig parse(String yaml) {
    try {
      return parser.parse(yaml, "c.yaml");
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage() + "\n" + yaml, e);
    }
  }

  private List<String> errors(String yaml) {
    try {
      parser.parse(yaml, "c.yaml");
      return List.of();
    } catch (ConfigException e) {
      return e.errors().stream()
          .map(ConfigError::toString)
          .map(s -> s.substring("c.yaml: ".length()))
          .toList();
    }
  }

  /** The one error of {@code yaml}, which must be about {@code path}. */
  private String onlyError(String yaml, String path) {
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(yaml, "c.yaml"));
    List<String> got = errors(yaml);
    assertEquals(1, got.size(), () -> "one error expected: " + e.getMessage());
    assertTrue(got.get(0).startsWith(path + ": "), got.get(0));
    return got.get(0);
  }

  private static ServiceConfig service(ClusterConfig c) {
    return c.services().get("s1");
  }

  private static FsResourceConfig fs(ClusterConfig c) {
    return (FsResourceConfig) service(c).resources().get(0);
  }

  private static ExecResourceConfig exec(ClusterConfig c) {
    return (ExecResourceConfig) fs(c).children().get(0);
  }
}
