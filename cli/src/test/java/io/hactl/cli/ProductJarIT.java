package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The product jar this build packaged ({@code jar tf target/hactl.jar}) carries no demo: no Quartz,
 * no H2, none of the demo's or the test kit's classes. Runs after {@code package}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProductJarIT {
  private static List<String> entries() throws IOException {
    Path jar = Path.of(System.getProperty("hactl.jar", "target/hactl.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " is missing: the build did not package it");
    try (JarFile f = new JarFile(jar.toFile())) {
      return f.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void theProductJarHasNoQuartzNoH2AndNoDemo() throws IOException {
    List<String> entries = entries();
    assertTrue(entries.contains("io/hactl/cli/Hactl.class"), "not the hactl jar");
    assertTrue(entries.contains("io/hactl/cli/DemoCommand.class"), "`hactl demo` is the launcher");
    List<String> demo =
        entries.stream()
            .filter(
                e -> {
                  String l = e.toLowerCase(Locale.ROOT);
                  return l.contains("quartz")
                      || l.contains("org/h2")
                      || l.startsWith("io/hactl/demo/")
                      || l.startsWith("io/hactl/testkit/");
                })
            .toList();
    assertEquals(List.of(), demo, "demo classes in the product jar");
  }
}
