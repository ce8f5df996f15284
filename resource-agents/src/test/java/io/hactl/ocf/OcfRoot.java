package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private OCF root for the agents under test: {@code resource.d/hactl} and {@code lib/hactl}
 * copied from the source tree, {@code lib/heartbeat} a link to the system's ClusterLabs functions.
 * Nothing is written below the system's OCF root.
 */
final class OcfRoot {
  /** The system's OCF root, where Debian's resource-agents installs. */
  static final Path SYSTEM = Path.of("/usr/lib/ocf");

  /** The agents in the source tree, by name. */
  static List<String> agents() {
    try (Stream<Path> files = Files.list(sources().resolve("resource.d/hactl"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the agents in " + sources(), e);
    }
  }

  private final Path root;

  private OcfRoot(Path root) {
    this.root = root;
  }

  /** The agents' source tree ({@code hactl.ocf.dir}, set by the build). */
  static Path sources() {
    return Path.of(System.getProperty("hactl.ocf.dir", "src/main/ocf")).toAbsolutePath();
  }

  /** Skips the test unless ClusterLabs' shell functions are installed. */
  static void skipUnlessShellFuncs() {
    Skip.unlessFiles(SYSTEM.resolve("lib/heartbeat/ocf-shellfuncs").toString());
  }

  /**
   * Builds the root in {@code dir} (a {@link RunDir}), readable by everyone: ocf-tester runs
   * meta-data as nobody.
   */
  static OcfRoot create(Path dir) {
    try {
      Path root = dir.resolve("ocf");
      Files.createDirectories(root.resolve("resource.d"));
      Files.createDirectories(root.resolve("lib"));
      Files.createSymbolicLink(
          root.resolve("lib/heartbeat"), SYSTEM.resolve("lib/heartbeat").toRealPath());
      copyTree(sources().resolve("lib/hactl"), root.resolve("lib/hactl"), "rw-r--r--");
      copyTree(
          sources().resolve("resource.d/hactl"), root.resolve("resource.d/hactl"), "rwxr-xr-x");
      for (Path p : List.of(dir, root, root.resolve("resource.d"), root.resolve("lib"))) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return new OcfRoot(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build an OCF root in " + dir, e);
    }
  }

  private static void copyTree(Path from, Path to, String mode) throws IOException {
    Files.createDirectories(to);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(f.getFileName().toString());
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
      }
    }
  }

  Path path() {
    return root;
  }

  Path agent(String name) {
    return root.resolve("resource.d/hactl").resolve(name);
  }

  /**
   * Runs one action of an agent the way a cluster manager does: OCF_ROOT, the instance name and
   * {@code OCF_RESKEY_*} from {@code params}, plus {@code extra} environment (e.g. {@code
   * OCF_CHECK_LEVEL}, {@code OCF_RESKEY_CRM_meta_interval}).
   */
  Proc.Result run(
      String agent,
      String action,
      String instance,
      Map<String, String> params,
      Map<String, String> extra,
      Duration timeout) {
    Map<String, String> env = new HashMap<>();
    env.put("OCF_ROOT", root.toString());
    env.put("OCF_RESOURCE_INSTANCE", instance);
    env.put("OCF_RESOURCE_TYPE", agent);
    env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
    env.put("OCF_RESKEY_CRM_meta_interval", "10000");
    env.put("__OCF_ACTION", action);
    params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
    env.putAll(extra);
    return Proc.run(
        List.of(agent(agent).toString(), action), env, timeout.plusSeconds(10), root.getParent());
  }

  /**
   * Runs {@code ocf-tester -n INSTANCE -o k=v ... AGENT} against this root and asserts that it
   * passed every test. Returns its output.
   */
  String ocfTester(String agent, String instance, Map<String, String> params, Duration timeout) {
    List<String> cmd = new ArrayList<>(List.of("ocf-tester", "-n", instance));
    params.forEach((k, v) -> cmd.addAll(List.of("-o", k + "=" + v)));
    cmd.add(agent(agent).toString());
    Proc.Result r = Proc.run(cmd, Map.of("OCF_ROOT", root.toString()), timeout, root.getParent());
    System.out.println(r.describe());
    assertEquals(0, r.rc(), () -> "ocf-tester failed:\n" + r.describe());
    assertTrue(
        r.output().contains("passed all tests"), () -> "ocf-tester did not pass:\n" + r.output());
    return r.output();
  }
}
