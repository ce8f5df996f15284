package io.hactl.resource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the real-process tests need from the machine: root, programs on the PATH, helper processes
 * that are always killed, and mounts that are always cleaned up (lazily, so a failed test cannot
 * leave a busy mount behind). Not thread-safe; one per test instance.
 */
public final class Lab implements AutoCloseable {
  private final List<Process> helpers = new ArrayList<>();
  private final List<Path> mounts = new ArrayList<>();

  /** Skips the test, with the reason on stderr, unless {@code condition} holds. */
  public static void assume(boolean condition, String reason) {
    if (!condition) {
      System.err.println("SKIPPED: " + reason);
    }
    Assumptions.assumeTrue(condition, reason);
  }

  public static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public static boolean hasProgram(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Skips unless root and every program is installed. */
  public static void assumeRootWith(String... programs) {
    assume(isRoot(), "needs root (real mounts)");
    for (String p : programs) {
      assume(hasProgram(p), "needs the program '" + p + "'");
    }
  }

  public static void assumePrograms(String... programs) {
    for (String p : programs) {
      assume(hasProgram(p), "needs the program '" + p + "'");
    }
  }

  /** Starts a helper process that is killed (with its descendants) on close. */
  public Process spawn(Path cwd, String... command) throws IOException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    if (cwd != null) {
      b.directory(cwd.toFile());
    }
    Process p = b.start();
    helpers.add(p);
    return p;
  }

  /** Bind-mounts {@code source} on {@code target} (created if missing), unmounted on close. */
  public void bindMount(Path source, Path target) throws IOException, InterruptedException {
    Files.createDirectories(target);
    mounts.add(target);
    run("mount", "--bind", source.toString(), target.toString());
  }

  /** Unmounts {@code target} lazily on close even if the code under test mounted it. */
  public void cleanUpMount(Path target) {
    mounts.add(target);
  }

  public static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
    }
    return p.exitValue();
  }

  /** Whether {@code path} is a mount point in this process's mount table. */
  public static boolean mounted(Path path) throws IOException {
    String escaped = path.toString().replace("\\", "\\134").replace(" ", "\\040");
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4 && f[4].equals(escaped)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      for (Process p : helpers) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      for (int i = mounts.size() - 1; i >= 0; i--) {
        Path m = mounts.get(i);
        for (int n = 0; n < 5 && mounted(m); n++) {
          new ProcessBuilder("umount", "-l", m.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while cleaning up", e);
    }
  }
}
