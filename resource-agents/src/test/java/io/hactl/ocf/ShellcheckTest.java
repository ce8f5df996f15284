package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every shell file of the module is clean under {@code shellcheck -s sh}: POSIX sh, quoted. */
class ShellcheckTest {
  @Test
  @Timeout(120)
  void agentsAndTestScriptsAreCleanPosixSh() throws IOException {
    Skip.unlessPrograms("shellcheck");
    List<Path> files = new ArrayList<>();
    Path module = OcfRoot.sources().getParent().getParent().getParent();
    for (Path dir : List.of(module.resolve("src/main/ocf"), module.resolve("src/test/resources"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.filter(Files::isRegularFile).filter(ShellcheckTest::isShell).forEach(files::add);
        }
      }
    }
    int expected = OcfRoot.agents().size() + 1;
    assertTrue(files.size() >= expected, () -> "expected every agent and their library: " + files);
    // -x with source-path=SCRIPTDIR follows the agents' "source=" directives into lib/hactl.
    List<String> cmd =
        new ArrayList<>(List.of("shellcheck", "-s", "sh", "-x", "-P", "SCRIPTDIR", "-f", "gcc"));
    files.forEach(f -> cmd.add(f.toString()));
    Proc.Result r = Proc.run(cmd, Map.of(), Duration.ofSeconds(90), module);
    System.out.println("shellcheck -s sh over " + files.size() + " files: rc " + r.rc());
    assertEquals(0, r.rc(), r::describe);
  }

  private static boolean isShell(Path f) {
    try {
      String first = Files.readAllLines(f).stream().findFirst().orElse("");
      return first.startsWith("#!/bin/sh");
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }
}
