package io.hactl.itests.support;

import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Janitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One harness run: a short random id (part of every namespace and link name), a directory for its
 * files and logs, the janitor record, and the teardown stack. Creating one first sweeps what dead
 * runs left behind. Closing it runs the teardown and drops the janitor record; the directory and
 * its logs stay for post-mortems.
 */
public final class RunContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  private final String id;
  private final Path dir;
  private final Janitor janitor;
  private final Cleanup cleanup;
  private final long startNanos = System.nanoTime();

  private RunContext(String id, Path dir, Janitor janitor) {
    this.id = id;
    this.dir = dir;
    this.janitor = janitor;
    this.cleanup = new Cleanup(id);
  }

  /** Starts a run with its directory under {@code baseDir}. */
  public static RunContext create(Path baseDir) {
    Janitor janitor = Janitor.standard();
    int swept = janitor.sweep();
    if (swept > 0) {
      LOG.warn("removed leftovers of {} dead harness run(s)", swept);
    }
    byte[] b = new byte[2];
    new SecureRandom().nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Path dir = baseDir.resolve("run-" + id).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + dir, e);
    }
    janitor.begin(id);
    RunContext ctx = new RunContext(id, dir, janitor);
    ctx.cleanup.add("janitor record", () -> janitor.end(id));
    LOG.info("harness run {} in {}", id, dir);
    return ctx;
  }

  /** The base directory runs go to: {@code -Dhx.runDir}, else the temp directory. */
  public static Path defaultBaseDir() {
    return Path.of(System.getProperty("hx.runDir", System.getProperty("java.io.tmpdir")));
  }

  public String id() {
    return id;
  }

  public Path dir() {
    return dir;
  }

  public Janitor janitor() {
    return janitor;
  }

  /** Registers a teardown step; steps run in reverse order of registration. */
  public void onClose(String what, Runnable step) {
    cleanup.add(what, step);
  }

  /** Registers {@code resource} to be closed on teardown and returns it. */
  public <T extends AutoCloseable> T closeLater(String what, T resource) {
    cleanup.add(
        what,
        () -> {
          try {
            resource.close();
          } catch (Exception e) {
            throw new HarnessException("closing " + what + " failed", e);
          }
        });
    return resource;
  }

  /** Monotonic time at which the run started. */
  public long startNanos() {
    return startNanos;
  }

  @Override
  public void close() {
    cleanup.close();
  }
}
