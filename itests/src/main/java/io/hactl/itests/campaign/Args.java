package io.hactl.itests.campaign;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the campaign and benchmark mains. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] argv, String usage) {
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("usage: " + usage);
      }
      values.put(argv[i].substring(2), argv[++i]);
    }
  }

  int integer(String name, int def) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
  }

  long number(String name, long def) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : def;
  }

  String string(String name, String def) {
    return values.getOrDefault(name, def);
  }
}
