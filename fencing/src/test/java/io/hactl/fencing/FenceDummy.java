package io.hactl.fencing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Devices of the real {@code fence_dummy} agent from Debian's fence-agents package, whose "power"
 * is a status file holding {@code on} or {@code off}.
 */
public final class FenceDummy {
  public static final String AGENT = "fence_dummy";
  public static final Path PROGRAM = Path.of("/usr/sbin/fence_dummy");

  private FenceDummy() {}

  /** Skips the calling test, with the reason on stderr, when fence_dummy is not installed. */
  public static void assumeInstalled() {
    boolean present = Files.isExecutable(PROGRAM);
    if (!present) {
      System.err.println(
          "SKIPPED: " + PROGRAM + " is missing; install Debian's fence-agents to run this test");
    }
    assumeTrue(present, PROGRAM + " is missing; install Debian's fence-agents");
  }

  /** A status file in {@code dir} whose node is powered on. */
  public static Path poweredOn(Path dir, String name) {
    Path file = dir.resolve(name + ".status");
    try {
      Files.writeString(file, "on"); // no newline: fence_dummy compares the whole content
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** What the status file says now. */
  public static String power(Path statusFile) {
    try {
      return Files.readString(statusFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A device that powers the node of {@code statusFile} off. */
  public static FenceDevice device(Path statusFile, Duration timeout) {
    return device("off", statusFile, timeout, Map.of());
  }

  /** A device with {@code action} and extra options after {@code status_file}. */
  public static FenceDevice device(
      String action, Path statusFile, Duration timeout, Map<String, String> extra) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("status_file", statusFile.toString());
    options.putAll(extra);
    return new FenceDevice(AGENT, action, options, timeout);
  }

  /**
   * A device that fails at once: its status file holds neither on nor off, so the agent exits 1
   * with "Unable to obtain correct plug status".
   */
  public static FenceDevice broken(Path dir, String name, Duration timeout) {
    Path file = dir.resolve(name + ".status");
    try {
      Files.writeString(file, "garbage");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return device(file, timeout);
  }
}
