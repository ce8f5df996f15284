package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code hactl demo} finds the demo's own jar, and says how to build it when it is missing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoLauncherTest {
  @Test
  void looksInTheVariableElseBesideTheJarThenInTheSourceCheckout() {
    assertEquals(
        List.of(
            Path.of("/src/hactl/cli/target/hactl-demo.jar"),
            Path.of("/src/hactl/demo/target/hactl-demo.jar")),
        DemoCommand.candidates(null, Optional.of(Path.of("/src/hactl/cli/target/hactl.jar"))));
    assertEquals(
        List.of(Path.of("/opt/demo.jar")),
        DemoCommand.candidates(
            "/opt/demo.jar", Optional.of(Path.of("/src/hactl/cli/target/hactl.jar"))),
        "a jar named in the variable is the only one looked for");
    assertEquals(
        List.of(Path.of("/usr/share/hactl/hactl-demo.jar")),
        DemoCommand.candidates(null, Optional.of(Path.of("/usr/share/hactl/hactl.jar"))));
    assertEquals(List.of(), DemoCommand.candidates("", Optional.empty()));
  }

  @Test
  void withoutTheDemoJarItNamesWhereItLookedAndHowToBuildIt() {
    Assumptions.assumeTrue(
        System.getenv(DemoCommand.DEMO_JAR_ENV) == null,
        DemoCommand.DEMO_JAR_ENV + " is set in this environment");
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Hactl.run("demo", "--help"); // from a build's classes: no jar beside this one
    } finally {
      System.setErr(err);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE.code(), code, text);
    assertTrue(text.contains("the demo is not installed"), text);
    assertTrue(text.contains("mvn -q -B -DskipTests install"), text);
    assertTrue(text.contains("demo/target/hactl-demo.jar"), text);
  }
}
