package io.hactl.itests.support;

import io.hactl.testkit.support.Janitor;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stack of teardown steps run last-registered-first, once, from {@link #close} or from a JVM
 * shutdown hook, whichever comes first. A failing step is logged and the others still run. It
 * cannot run when the JVM is killed with SIGKILL: {@link Janitor} sweeps what such a run leaves.
 */
public final class Cleanup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

  private final Deque<Step> steps = new ArrayDeque<>();
  private final Thread hook;
  private boolean closed;

  public Cleanup(String name) {
    this.hook = new Thread(this::runAll, "cleanup-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers a step; it runs before every step registered earlier. */
  public synchronized void add(String what, Runnable step) {
    if (closed) {
      throw new IllegalStateException("cleanup already ran; cannot add " + what);
    }
    steps.push(new Step(what, step));
  }

  @Override
  public void close() {
    runAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      LOG.debug("JVM already shutting down; hook stays");
    }
  }

  private synchronized void runAll() {
    if (closed) {
      return;
    }
    closed = true;
    while (!steps.isEmpty()) {
      Step s = steps.pop();
      try {
        s.action.run();
      } catch (RuntimeException e) {
        LOG.warn("cleanup step '{}' failed: {}", s.what, e.toString());
      }
    }
  }

  private record Step(String what, Runnable action) {}
}
