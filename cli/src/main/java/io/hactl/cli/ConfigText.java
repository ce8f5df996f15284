package io.hactl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.hactl.fencing.SecretOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration text as {@code config show} and {@code config diff} print it: normalized YAML (keys
 * sorted, comments and quoting gone, so only meaning differs) with every secret-valued option
 * masked, and a unified diff of two such texts. Files under {@code secrets:} are references and
 * stay visible. It does not validate: the caller parses the configuration first.
 */
final class ConfigText {
  /** What a masked secret reads as. */
  static final String MASK = "****";

  /** Lines of context around each change, as diff -u. */
  private static final int CONTEXT = 3;

  /** Above this many line pairs the diff shows the whole texts as removed and added. */
  private static final long MAX_CELLS = 4_000_000L;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private ConfigText() {}

  /**
   * {@code yaml} normalized and masked; one comment line saying so if it is not YAML at all (its
   * text is never shown: it could hold anything).
   */
  static String normalized(String yaml) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      if (tree == null || tree.isMissingNode()) {
        return "";
      }
      return YAML.writeValueAsString(normalize(tree, false));
    } catch (JsonProcessingException e) {
      return "# not YAML (" + yaml.length() + " characters)\n";
    }
  }

  private static JsonNode normalize(JsonNode n, boolean underSecrets) {
    if (n.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode v = e.getValue();
        boolean secret = !underSecrets && v.isValueNode() && SecretOptions.isSecret(e.getKey());
        sorted.put(
            e.getKey(),
            secret
                ? JsonNodeFactory.instance.textNode(MASK)
                : normalize(v, underSecrets || "secrets".equals(e.getKey())));
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(c -> out.add(normalize(c, underSecrets)));
      return out;
    }
    return n;
  }

  /**
   * A unified diff from {@code a} (labelled {@code aName}) to {@code b}; empty when they are the
   * same.
   */
  static String diff(String aName, String a, String bName, String b) {
    List<String> x = a.lines().toList();
    List<String> y = b.lines().toList();
    if (x.equals(y)) {
      return "";
    }
    List<String> ops = edits(x, y);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i).charAt(0) == ' ') {
        i++;
        continue;
      }
      int first = i;
      int last = i;
      for (int k = i + 1; k < ops.size() && k - last <= 2 * CONTEXT; k++) {
        if (ops.get(k).charAt(0) != ' ') {
          last = k;
        }
      }
      int start = Math.max(0, first - CONTEXT);
      int end = Math.min(ops.size(), last + CONTEXT + 1);
      out.append(hunkHeader(ops, start, end));
      for (int k = start; k < end; k++) {
        out.append(ops.get(k)).append('\n');
      }
      i = end;
    }
    return out.toString();
  }

  private static String hunkHeader(List<String> ops, int start, int end) {
    int aLine = 1;
    int bLine = 1;
    for (int k = 0; k < start; k++) {
      char c = ops.get(k).charAt(0);
      aLine += c != '+' ? 1 : 0;
      bLine += c != '-' ? 1 : 0;
    }
    int aLen = 0;
    int bLen = 0;
    for (int k = start; k < end; k++) {
      char c = ops.get(k).charAt(0);
      aLen += c != '+' ? 1 : 0;
      bLen += c != '-' ? 1 : 0;
    }
    return String.format(
        "@@ -%d,%d +%d,%d @@%n",
        aLen == 0 ? aLine - 1 : aLine, aLen, bLen == 0 ? bLine - 1 : bLine, bLen);
  }

  /** Each line prefixed ' ', '-' or '+', from a longest common subsequence. */
  private static List<String> edits(List<String> x, List<String> y) {
    List<String> ops = new ArrayList<>();
    if ((long) x.size() * y.size() > MAX_CELLS) {
      x.forEach(l -> ops.add("-" + l));
      y.forEach(l -> ops.add("+" + l));
      return ops;
    }
    int[][] lcs = new int[x.size() + 1][y.size() + 1];
    for (int i = x.size() - 1; i >= 0; i--) {
      for (int j = y.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            x.get(i).equals(y.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < x.size() || j < y.size()) {
      if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
        ops.add(" " + x.get(i++));
        j++;
      } else if (i < x.size() && (j == y.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add("-" + x.get(i++));
      } else {
        ops.add("+" + y.get(j++));
      }
    }
    return ops;
  }
}
