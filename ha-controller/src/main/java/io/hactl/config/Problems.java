package io.hactl.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found in one configuration file, in the order they are found. It keeps
 * every report, including two about the same field; readers avoid reporting twice.
 */
final class Problems {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(String path, String message) {
    errors.add(new ConfigError(file, path, message));
  }

  /** How many problems were found so far; readers compare counts to tell if a part was clean. */
  int count() {
    return errors.size();
  }

  boolean any() {
    return !errors.isEmpty();
  }

  ConfigException exception() {
    return new ConfigException(errors);
  }
}
