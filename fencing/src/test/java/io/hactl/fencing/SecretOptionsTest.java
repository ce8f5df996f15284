package io.hactl.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SecretOptions} against the fence agents installed here: every option whose metadata
 * describes a password, key, token or community string is a secret; paths to secrets are not.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SecretOptionsTest {
  private static final Pattern PARAMETER =
      Pattern.compile(
          "<parameter name=\"([^\"]+)\"[^>]*>.*?<shortdesc[^>]*>([^<]*)</shortdesc>",
          Pattern.DOTALL);
  private static final Pattern SECRET_TEXT =
      Pattern.compile(
          "password|passphrase|api key|api token|secret key|access key|kg key|community string",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern REFERENCE_TEXT =
      Pattern.compile(
          "^(script|path|file|identity file)|without password", Pattern.CASE_INSENSITIVE);

  @Test
  void knownSecretsAndReferences() {
    for (String k :
        List.of(
            "passwd",
            "password",
            "apikey",
            "hexadecimal_kg",
            "community",
            "snmp_priv_passwd",
            "token",
            "secret-key",
            "Access_Key",
            "Password")) {
      assertTrue(SecretOptions.isSecret(k), k);
    }
    for (String k : List.of("ip", "login", "passwd_script", "identity_file", "key", "plug")) {
      assertFalse(SecretOptions.isSecret(k), k);
    }
  }

  @Test
  void everySecretOptionOfTheInstalledAgentsIsCaught() throws IOException, InterruptedException {
    Path sbin = Path.of("/usr/sbin");
    List<Path> agents;
    try (Stream<Path> s = Files.list(sbin)) {
      agents = s.filter(p -> p.getFileName().toString().startsWith("fence_")).sorted().toList();
    }
    assumeTrue(!agents.isEmpty(), "no fence agents in /usr/sbin; install Debian's fence-agents");
    List<String> missed = new ArrayList<>();
    int secrets = 0;
    for (Path agent : agents) {
      Matcher m = PARAMETER.matcher(metadata(agent));
      while (m.find()) {
        String name = m.group(1);
        String text = m.group(2).strip();
        if (SECRET_TEXT.matcher(text).find() && !REFERENCE_TEXT.matcher(text).find()) {
          secrets++;
          if (!SecretOptions.isSecret(name)) {
            missed.add(agent.getFileName() + " " + name + " (" + text + ")");
          }
        }
      }
    }
    System.out.printf("%d agents read, %d secret options found%n", agents.size(), secrets);
    assertTrue(secrets > 0, "no secret option found: was the metadata read?");
    assertEquals(List.of(), missed);
  }

  private static String metadata(Path agent) throws IOException, InterruptedException {
    Path out = Files.createTempFile("metadata", ".xml");
    try {
      Process p =
          new ProcessBuilder(agent.toString(), "-o", "metadata")
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(agent + " -o metadata did not finish within 20 s");
      }
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
