package io.hactl.readiness;

import io.hactl.config.FenceAgentCatalog.FenceAgentInfo;
import io.hactl.resource.ocf.MetaDataParser;
import io.hactl.resource.ocf.MetaDataParser.MetaDataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads what a fence agent prints for {@code -o metadata} (the same {@code <resource-agent>}
 * document as an OCF agent's, read as hostile input by {@link MetaDataParser}): option names, which
 * are required, and the {@code obsoletes} links between a current name and its deprecated one
 * ({@code ip}/{@code ipaddr}), so that either satisfies a required option. Stateless.
 */
public final class FenceMetadata {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
  private static final int MAX_PARAMETERS = 500;

  private FenceMetadata() {}

  /** Parses {@code xml} printed by {@code program}; the message says what is wrong with it. */
  public static FenceAgentInfo parse(String program, String xml) throws MetaDataException {
    Element root = MetaDataParser.root(xml);
    NodeList params = root.getElementsByTagName("parameter");
    if (params.getLength() > MAX_PARAMETERS) {
      throw new MetaDataException("declares more than " + MAX_PARAMETERS + " parameters");
    }
    List<String> names = new ArrayList<>();
    List<String> required = new ArrayList<>();
    Map<String, String> obsoletes = new LinkedHashMap<>();
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      String name = p.getAttribute("name");
      if (!NAME.matcher(name).matches()) {
        throw new MetaDataException("has a parameter with an invalid name");
      }
      String n = FenceAgentInfo.normalize(name);
      if (!names.contains(n)) {
        names.add(n);
      }
      if (p.getAttribute("required").equals("1")) {
        required.add(n);
      }
      String old = p.getAttribute("obsoletes");
      if (NAME.matcher(old).matches()) {
        obsoletes.put(n, FenceAgentInfo.normalize(old));
      }
    }
    List<List<String>> groups = new ArrayList<>();
    for (String r : required) {
      Set<String> group = new LinkedHashSet<>();
      group.add(r);
      obsoletes.forEach(
          (now, old) -> {
            if (now.equals(r) || old.equals(r)) {
              group.add(now);
              group.add(old);
            }
          });
      if (groups.stream().noneMatch(g -> Set.copyOf(g).equals(group))) {
        groups.add(List.copyOf(group));
      }
    }
    return new FenceAgentInfo(program, names, groups);
  }
}
