package io.hactl.resource.ocf;

import io.hactl.config.OcfAgentCatalog.AgentInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads the XML an OCF agent prints for {@code meta-data} as hostile input: no DTD or other
 * external resource is ever fetched, a document declaring entities is refused, and only the parts
 * hactl uses are read (parameter names and {@code required}, action timeouts and the monitor's
 * interval). Stateless.
 */
public final class MetaDataParser {
  private static final Pattern TIMEOUT =
      Pattern.compile("\\s*(\\d{1,9})\\s*(ms|msec|s|sec|m|min|h|hr)?\\s*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final int MAX_PARAMETERS = 500;

  private MetaDataParser() {}

  /** Parses {@code xml}; the exception's message says what is wrong with it. */
  public static AgentInfo parse(String xml) throws MetaDataException {
    Element root = root(xml);
    List<String> names = new ArrayList<>();
    Set<String> required = new HashSet<>();
    readParameters(root, names, required);
    Map<String, Duration> timeouts = new HashMap<>();
    Optional<Duration> interval = readActions(root, timeouts);
    return new AgentInfo(names, required, timeouts, interval);
  }

  /**
   * The {@code <resource-agent>} element of {@code xml}, read as hostile input (no external
   * resource fetched, entity declarations refused). Fence agents print the same root element.
   */
  public static Element root(String xml) throws MetaDataException {
    if (xml.contains("<!ENTITY")) {
      throw new MetaDataException("declares XML entities, which hactl refuses to expand");
    }
    Document doc;
    try {
      DocumentBuilder b = factory().newDocumentBuilder();
      b.setEntityResolver(
          (publicId, systemId) -> new InputSource(new ByteArrayInputStream(new byte[0])));
      b.setErrorHandler(null);
      doc =
          b.parse(new InputSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new MetaDataException("is not well-formed XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"resource-agent".equals(root.getTagName())) {
      throw new MetaDataException(
          "has root element <" + root.getTagName() + ">, not <resource-agent>");
    }
    return root;
  }

  private static void readParameters(Element root, List<String> names, Set<String> required)
      throws MetaDataException {
    NodeList params = root.getElementsByTagName("parameter");
    if (params.getLength() > MAX_PARAMETERS) {
      throw new MetaDataException("declares more than " + MAX_PARAMETERS + " parameters");
    }
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      String name = p.getAttribute("name");
      if (!NAME.matcher(name).matches()) {
        throw new MetaDataException(
            "has a parameter with an invalid name \"" + shorten(name) + "\"");
      }
      if (!names.contains(name)) {
        names.add(name);
      }
      if (isTrue(p.getAttribute("required"))) {
        required.add(name);
      }
    }
  }

  /** Fills the advised timeouts; returns the smallest non-zero monitor interval, if any. */
  private static Optional<Duration> readActions(Element root, Map<String, Duration> timeouts)
      throws MetaDataException {
    NodeList actions = root.getElementsByTagName("action");
    Duration interval = null;
    for (int i = 0; i < actions.getLength(); i++) {
      Element a = (Element) actions.item(i);
      String name = a.getAttribute("name");
      String role = a.getAttribute("role");
      if (!role.isEmpty() && !role.equalsIgnoreCase("started")) {
        continue; // promoted/unpromoted variants do not apply to hactl
      }
      Optional<Duration> timeout = duration(a.getAttribute("timeout"), name, "timeout");
      if (timeout.isPresent() && !timeout.get().isZero()) {
        timeouts.merge(name, timeout.get(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
      }
      if (name.equals("monitor")) {
        Optional<Duration> every = duration(a.getAttribute("interval"), name, "interval");
        if (every.isPresent()
            && !every.get().isZero()
            && (interval == null || every.get().compareTo(interval) < 0)) {
          interval = every.get();
        }
      }
    }
    return Optional.ofNullable(interval);
  }

  /** Pacemaker's interval syntax: a number with an optional unit, seconds by default. */
  static Optional<Duration> duration(String text, String action, String what)
      throws MetaDataException {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Matcher m = TIMEOUT.matcher(text);
    if (!m.matches()) {
      throw new MetaDataException(
          "action "
              + shorten(action)
              + " has an unreadable "
              + what
              + " \""
              + shorten(text)
              + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return Optional.of(
        switch (unit) {
          case "ms", "msec" -> Duration.ofMillis(n);
          case "m", "min" -> Duration.ofMinutes(n);
          case "h", "hr" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        });
  }

  private static boolean isTrue(String s) {
    return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes");
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setValidating(false);
    f.setNamespaceAware(false);
    return f;
  }

  /** The meta-data cannot be used; the message completes "the meta-data of AGENT ...". */
  public static final class MetaDataException extends Exception {
    public MetaDataException(String message) {
      super(message);
    }
  }
}
