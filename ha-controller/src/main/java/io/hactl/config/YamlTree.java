package io.hactl.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a Jackson tree and reports what YAML itself gets wrong: syntax errors (with
 * line and column), duplicate keys (all of them; the first value is kept), aliases, and a second
 * document. It knows nothing of the hactl schema.
 *
 * <p>Scalars: only {@code true}/{@code false} are booleans ({@code off}, {@code yes} stay strings);
 * an empty plain value is null; an integer written in a non-canonical way ({@code 007}, {@code
 * 0x1F}, {@code 1_000}) and every floating-point number stay strings with their text as written, so
 * that option values reach fence agents and daemons verbatim.
 */
final class YamlTree {
  private final YAMLFactory factory;
  private final Problems problems;
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  YamlTree(YAMLFactory factory, Problems problems) {
    this.factory = factory;
    this.problems = problems;
  }

  /** A factory with the scalar rules above. */
  static YAMLFactory newFactory() {
    return YAMLFactory.builder()
        .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .build();
  }

  /**
   * Returns the document's root node ({@code NullNode} for an empty document), or null when the
   * text is not valid YAML; problems are recorded either way.
   */
  JsonNode read(String text) {
    try (YAMLParser p = (YAMLParser) factory.createParser(text)) {
      return document(p);
    } catch (IOException e) {
      problems.add("", "cannot read the YAML text: " + e.getMessage());
      return null;
    }
  }

  private JsonNode document(YAMLParser p) throws IOException {
    try {
      if (p.nextToken() == null) {
        return nodes.nullNode();
      }
      JsonNode root = value(p, "");
      JsonToken next = p.nextToken();
      while (next == JsonToken.VALUE_NULL) { // empty documents after the first are harmless
        next = p.nextToken();
      }
      if (next != null) {
        problems.add(
            at(p.currentTokenLocation()),
            "a second YAML document starts here; put the whole configuration in one document");
      }
      return root;
    } catch (JacksonException e) {
      syntaxError(e, p.currentLocation());
      return null;
    }
  }

  private JsonNode value(YAMLParser p, String path) throws IOException {
    if (p.isCurrentAlias()) {
      problems.add(
          path,
          "YAML aliases are not supported (got *" + p.getText() + "); write the value out in full");
      return nodes.textNode("*" + p.getText());
    }
    JsonToken token = p.currentToken();
    return switch (token) {
      case START_OBJECT -> mapping(p, path);
      case START_ARRAY -> list(p, path);
      case VALUE_NUMBER_INT -> integer(p);
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NULL -> nodes.nullNode();
      default -> nodes.textNode(p.getText());
    };
  }

  private ObjectNode mapping(YAMLParser p, String path) throws IOException {
    ObjectNode out = nodes.objectNode();
    Map<String, JsonLocation> firstSeen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonLocation where = p.currentTokenLocation();
      String keyPath = Fields.key(path, key);
      p.nextToken();
      JsonNode v = value(p, keyPath);
      JsonLocation first = firstSeen.putIfAbsent(key, where);
      if (first == null) {
        out.set(key, v);
      } else {
        problems.add(
            keyPath,
            "duplicate key at "
                + at(where)
                + " (first at line "
                + first.getLineNr()
                + "); a key may appear only once in a mapping: merge the two or remove one");
      }
    }
    return out;
  }

  private ArrayNode list(YAMLParser p, String path) throws IOException {
    ArrayNode out = nodes.arrayNode();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
      out.add(value(p, Fields.index(path, out.size())));
    }
    return out;
  }

  private JsonNode integer(YAMLParser p) throws IOException {
    String raw = p.getText();
    Number n = p.getNumberValue();
    if (!raw.equals(n.toString())) {
      return nodes.textNode(raw);
    }
    return switch (p.getNumberType()) {
      case INT -> nodes.numberNode(n.intValue());
      case LONG -> nodes.numberNode(n.longValue());
      default -> nodes.numberNode((BigInteger) n);
    };
  }

  private void syntaxError(JacksonException e, JsonLocation current) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark mark = m.getProblemMark();
      String context = "";
      Mark start = m.getContextMark();
      if (m.getContext() != null && start != null && start.getIndex() != mark.getIndex()) {
        context = " (" + m.getContext() + " that starts at " + at(start) + ")";
      }
      problems.add(at(mark), "invalid YAML: " + m.getProblem() + context);
      return;
    }
    String message = e.getOriginalMessage();
    if (message.startsWith("Expected a field name")) {
      message = "a mapping key must be a plain value, not a list or a mapping";
    }
    JsonLocation where = e.getLocation() == null ? current : e.getLocation();
    problems.add(at(where), "invalid YAML: " + message);
  }

  private static String at(JsonLocation where) {
    return "line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }
}
