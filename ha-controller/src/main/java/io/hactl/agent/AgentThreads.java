package io.hactl.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads of the agent: daemons with a name and an uncaught-exception handler that logs the stack
 * at ERROR, so that no thread of the agent dies unseen.
 */
final class AgentThreads {
  private static final Logger LOG = LoggerFactory.getLogger(AgentThreads.class);

  private AgentThreads() {}

  static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
      (t, e) -> LOG.error("thread {} died of an uncaught {}", t.getName(), e.toString(), e);

  static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setUncaughtExceptionHandler(LOG_UNCAUGHT);
      return t;
    };
  }

  /** Like {@link #named}, each thread called {@code prefix} followed by its number (1, 2, ...). */
  static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> named(prefix + n.incrementAndGet()).newThread(r);
  }
}
