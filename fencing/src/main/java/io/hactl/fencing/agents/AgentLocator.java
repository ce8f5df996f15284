package io.hactl.fencing.agents;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the program of a fence agent: an absolute path is taken as given, a plain name is looked up
 * in a search path (by default {@code PATH} plus {@code /usr/sbin} and {@code /sbin}, where
 * fence-agents installs its programs). It only checks that the file is executable, not that it is a
 * fence agent. Immutable.
 */
public final class AgentLocator {
  private static final List<Path> SBIN_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

  private final List<Path> searchPath;

  public AgentLocator(List<Path> searchPath) {
    this.searchPath = List.copyOf(searchPath);
  }

  /** The directories of this process's {@code PATH}, then {@code /usr/sbin} and {@code /sbin}. */
  public static AgentLocator fromEnvironment() {
    Set<Path> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Path.of(dir).isAbsolute()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    dirs.addAll(SBIN_DIRS);
    return new AgentLocator(new ArrayList<>(dirs));
  }

  public List<Path> searchPath() {
    return searchPath;
  }

  /** The executable for {@code agent}, or empty if there is none (see {@link #whyMissing}). */
  public Optional<Path> locate(String agent) {
    if (agent.startsWith("/")) {
      Path p = Path.of(agent);
      return executable(p) ? Optional.of(p) : Optional.empty();
    }
    if (agent.contains("/")) {
      return Optional.empty();
    }
    return searchPath.stream()
        .map(d -> d.resolve(agent))
        .filter(AgentLocator::executable)
        .findFirst();
  }

  /** Why {@link #locate} found nothing, for an operator. */
  public String whyMissing(String agent) {
    if (agent.startsWith("/")) {
      return Files.exists(Path.of(agent))
          ? agent + " is not an executable file"
          : agent + " does not exist";
    }
    if (agent.contains("/")) {
      return "'" + agent + "' is neither an absolute path nor a plain program name";
    }
    return "no executable '" + agent + "' in " + searchPath;
  }

  private static boolean executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }
}
