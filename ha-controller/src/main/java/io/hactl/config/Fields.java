package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, checked access to one YAML mapping of the configuration at a known field path. Every
 * getter reports what is wrong with its field to {@link Problems} and then returns null, so that a
 * reader can go on to find the next problem; nothing here throws for bad input. A null result is
 * therefore ambiguous for optional fields: readers compare {@link Problems#count()} before and
 * after to know whether a part was clean.
 */
final class Fields {
  /** The rule for cluster, node, domain, service and resource names, as told to the operator. */
  static final String NAME_RULE =
      "1 to 63 characters from a-z, 0-9, '_' and '-', starting with a letter or digit";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private final JsonNode map;
  private final String path;
  private final Problems problems;

  private Fields(JsonNode map, String path, Problems problems) {
    this.map = map;
    this.path = path;
    this.problems = problems;
  }

  /**
   * Returns the fields of {@code node} after reporting each key that is not in {@code known}; or
   * reports that {@code node} is not a mapping and returns null. A null node (a key with nothing
   * after it) is an empty mapping, so that its required fields are reported by name.
   */
  static Fields of(JsonNode node, String path, Problems problems, List<String> known) {
    if (node.isNull()) {
      return new Fields(JsonNodeFactory.instance.objectNode(), path, problems);
    }
    if (!node.isObject()) {
      problems.add(path, "must be a mapping of key: value (got " + describe(node) + ")");
      return null;
    }
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!known.contains(k)) {
                problems.add(key(path, k), unknownKey(k, known));
              }
            });
    return new Fields(node, path, problems);
  }

  static String key(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  String path() {
    return path;
  }

  String path(String key) {
    return key(path, key);
  }

  /** The value of a key, or null when the key is absent or its value is null. */
  JsonNode get(String key) {
    JsonNode v = map.get(key);
    return v == null || v.isNull() ? null : v;
  }

  /** The value of a key, or null after reporting that it is required ({@code what} it is). */
  JsonNode required(String key, String what) {
    JsonNode v = get(key);
    if (v == null) {
      problems.add(path(key), "is required (" + what + ")");
    }
    return v;
  }

  /** A non-empty string, or {@code def} when absent. */
  String string(String key, String def) {
    JsonNode v = get(key);
    return v == null ? def : text(v, path(key));
  }

  /** A non-empty string that must be present. */
  String requiredString(String key, String what) {
    JsonNode v = required(key, what);
    return v == null ? null : text(v, path(key));
  }

  /** A name following {@link #NAME_RULE} that must be present. */
  String name(String key, String what) {
    String s = requiredString(key, what);
    if (s != null && !isName(s)) {
      problems.add(path(key), "must be " + NAME_RULE + " (got \"" + s + "\")");
      return null;
    }
    return s;
  }

  /**
   * The entries of a mapping keyed by names (nodes, domains, services), each key checked against
   * {@link #NAME_RULE}; invalid names are reported but kept, so that references to them do not
   * cause more reports. Returns an empty map when the key is absent and optional, and null when it
   * is absent and required or is not a mapping.
   */
  Map<String, JsonNode> named(String key, String what, boolean required) {
    JsonNode v =
        required ? required(key, "a mapping of " + what + " names to their settings") : get(key);
    if (v == null) {
      return required ? null : Map.of();
    }
    if (!v.isObject()) {
      problems.add(
          path(key),
          "must be a mapping of " + what + " names to their settings (got " + describe(v) + ")");
      return null;
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> {
              if (!isName(e.getKey())) {
                problems.add(
                    key(path(key), e.getKey()),
                    "invalid "
                        + what
                        + " name: must be "
                        + NAME_RULE
                        + " (got \""
                        + e.getKey()
                        + "\")");
              }
              out.put(e.getKey(), e.getValue());
            });
    return out;
  }

  /** true or false, or {@code def} when absent. */
  Boolean bool(String key, boolean def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isBoolean()) {
      problems.add(path(key), "must be true or false (got " + describe(v) + ")");
      return null;
    }
    return v.booleanValue();
  }

  /** An integer accepted by {@code ok}, described by {@code rule}; {@code def} when absent. */
  Integer integer(String key, int def, IntPredicate ok, String rule) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (v.isInt() && ok.test(v.intValue())) {
      return v.intValue();
    }
    problems.add(path(key), "must be " + rule + " (got " + describe(v) + ")");
    return null;
  }

  /** An integer in {@code range}; {@code def} when absent. */
  Integer integer(String key, int def, IntRange range) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    Integer n = range.accept(v);
    if (n == null) {
      problems.add(path(key), range.complaint(v));
    }
    return n;
  }

  /**
   * A duration with no range of its own: greater than zero unless {@code zeroAllowed}, at most a
   * day ({@link Limits#fallback}); {@code def} when absent. Prefer a named range of {@link Limits}.
   */
  Duration duration(String key, Duration def, boolean zeroAllowed) {
    return duration(key, def, Limits.fallback(zeroAllowed));
  }

  /** A duration in {@code range}; {@code def} when absent. */
  Duration duration(String key, Duration def, DurationRange range) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    Duration d = range.accept(v);
    if (d == null) {
      problems.add(path(key), range.complaint(v));
    }
    return d;
  }

  /** One of {@code allowed}, or {@code def} when absent. */
  String choice(String key, String def, List<String> allowed) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (v.isTextual() && allowed.contains(v.asText())) {
      return v.asText();
    }
    problems.add(
        path(key), "must be one of: " + String.join(", ", allowed) + " (got " + describe(v) + ")");
    return null;
  }

  /** One of the constants of an enum, written in lower case; {@code def} when absent. */
  <E extends Enum<E>> E choice(String key, E def, Class<E> type) {
    List<String> allowed =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toList());
    String s = choice(key, def.name().toLowerCase(Locale.ROOT), allowed);
    return s == null ? null : Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
  }

  /** An absolute, normalized path; null when absent (reported if {@code what} is not null). */
  Path absolutePath(String key, String what) {
    JsonNode v = what == null ? get(key) : required(key, what);
    String s = v == null ? null : text(v, path(key));
    if (s == null) {
      return null;
    }
    try {
      Path p = Path.of(s);
      if (!p.isAbsolute()) {
        problems.add(path(key), "must be an absolute path (got " + describe(v) + ")");
      } else if (!p.normalize().equals(p)) {
        problems.add(
            path(key),
            "must be an absolute path without '.' or '..' parts (got " + describe(v) + ")");
      } else {
        return p;
      }
    } catch (InvalidPathException e) {
      problems.add(path(key), "must be a valid absolute path (got " + describe(v) + ")");
    }
    return null;
  }

  /**
   * A non-empty list of strings forming a command (program and arguments, run without a shell);
   * null when absent (reported if {@code what} is not null). Numbers and booleans in the list are
   * taken as written.
   */
  List<String> command(String key, String what) {
    JsonNode v = what == null ? get(key) : required(key, what);
    if (v == null) {
      return null;
    }
    String rule = "must be a non-empty list: the program and its arguments, run without a shell";
    if (v.isTextual()) {
      problems.add(path(key), rule + "; write it as " + splitSuggestion(v.asText()));
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      problems.add(path(key), rule + " (got " + describe(v) + ")");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(scalarText(v.get(i), index(path(key), i)));
    }
    if (out.get(0) != null && out.get(0).isBlank()) {
      problems.add(index(path(key), 0), "the program must not be empty");
    }
    return out.contains(null) ? null : out;
  }

  /**
   * A mapping of names to scalar values, the values taken as written; names must match {@code
   * keyRule} ({@code keyRuleText} says how). An empty map when absent.
   */
  Map<String, String> scalarMap(String key, Pattern keyRule, String keyRuleText) {
    JsonNode v = get(key);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      problems.add(path(key), "must be a mapping of name: value (got " + describe(v) + ")");
      return null;
    }
    int before = problems.count();
    Map<String, String> out = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> {
              String at = key(path(key), e.getKey());
              if (!keyRule.matcher(e.getKey()).matches()) {
                problems.add(
                    at, "invalid name: must be " + keyRuleText + " (got \"" + e.getKey() + "\")");
              }
              out.put(e.getKey(), scalarText(e.getValue(), at));
            });
    return problems.count() == before ? out : null;
  }

  /** The text of a string, number or boolean as written; null after reporting anything else. */
  String scalarText(JsonNode v, String at) {
    if (v == null || v.isNull() || v.isContainerNode()) {
      problems.add(at, "must be a string, number or boolean (got " + describe(v) + ")");
      return null;
    }
    return v.asText();
  }

  private String text(JsonNode v, String at) {
    if (!v.isTextual()) {
      problems.add(at, "must be a string (got " + describe(v) + ")");
      return null;
    }
    if (v.asText().isBlank()) {
      problems.add(at, "must not be empty");
      return null;
    }
    return v.asText();
  }

  static boolean isName(String s) {
    return NAME.matcher(s).matches();
  }

  /** How a value is shown after "got": strings quoted, containers by kind. */
  static String describe(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return v.isEmpty() ? "an empty list" : "a list";
    }
    return v.isTextual() ? v.toString() : v.asText();
  }

  private static String splitSuggestion(String commandLine) {
    return Arrays.stream(commandLine.trim().split("\\s+"))
        .map(w -> com.fasterxml.jackson.databind.node.TextNode.valueOf(w).toString())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String unknownKey(String k, List<String> known) {
    String suggestion = Typos.closest(k, known);
    return "unknown key"
        + (suggestion == null ? "" : " (did you mean \"" + suggestion + "\"?)")
        + "; allowed keys: "
        + String.join(", ", known);
  }
}
