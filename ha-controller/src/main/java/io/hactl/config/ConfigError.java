package io.hactl.config;

/**
 * One problem found in a configuration file: where it is and which rule it breaks. It says nothing
 * about whether other problems exist; {@link ConfigException} carries all of them.
 *
 * @param file the file name as given to the parser
 * @param path the field path ({@code services.schedd1.resources[0].children[1].command}: map keys
 *     joined by dots, list indexes in brackets); for a YAML syntax error, {@code line L, column C};
 *     empty for a problem with the file as a whole (unreadable, empty, not a mapping)
 * @param message the rule that was broken, the value that was found, and what to do
 */
public record ConfigError(String file, String path, String message) {

  /** {@code FILE: PATH: MESSAGE}, or {@code FILE: MESSAGE} when the path is empty. */
  @Override
  public String toString() {
    return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
  }
}
