package io.hactl.observe.alert;

import io.hactl.config.AlertHookConfig;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.prometheus.metrics.core.metrics.Counter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class calls one alert hook, one event at a time, in the order the events were offered, on
 * its own thread. Its queue holds the hook's configured number of events; when it is full the
 * oldest waiting event is dropped, counted, logged and (once per overflow) recorded in the history.
 * A call runs the hook in a new session and process group ({@code setsid}) with a clean
 * environment; past the hook's timeout its process tree and then its whole process group are
 * killed, and the next event is called. It never blocks the thread that offers events.
 */
final class HookWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HookWorker.class);
  private static final Duration KILL_GRACE = Duration.ofMillis(500);

  private record Queued(AlertHookConfig hook, AlertEvent event) {}

  private final String name;
  private final ProcessRunner runner;
  private final Counter calls;
  private final Counter dropped;
  private final BiConsumer<String, String> record;
  private final Deque<Queued> queue = new ArrayDeque<>();
  private final Thread thread;
  private boolean overflowing;
  private long droppedNow;
  private boolean closed;

  HookWorker(
      String name,
      ProcessRunner runner,
      Counter calls,
      Counter dropped,
      BiConsumer<String, String> record) {
    this.name = name;
    this.runner = runner;
    this.calls = calls;
    this.dropped = dropped;
    this.record = record;
    this.thread = new Thread(this::loop, "alert-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code e}; drops the oldest waiting event when the queue is full. Never blocks long. */
  void offer(AlertHookConfig hook, AlertEvent e) {
    AlertEvent lost = null;
    boolean first = false;
    synchronized (queue) {
      if (closed) {
        return;
      }
      if (queue.size() >= hook.queue()) {
        lost = queue.pollFirst().event();
        droppedNow++;
        first = !overflowing;
        overflowing = true;
      }
      queue.addLast(new Queued(hook, e));
      queue.notifyAll();
    }
    if (lost != null) {
      dropped.labelValues(name).inc();
      LOG.warn(
          "alert hook {}: queue of {} full, dropped event #{} ({} {})",
          name,
          hook.queue(),
          lost.sequence(),
          lost.kind(),
          lost.service());
      if (first) {
        record.accept(
            "alert",
            "alert hook "
                + name
                + " falls behind: its queue of "
                + hook.queue()
                + " events is full, the oldest are dropped (from event #"
                + lost.sequence()
                + ")");
      }
    }
  }

  private void loop() {
    while (true) {
      Queued q;
      long lostInOverflow = 0;
      synchronized (queue) {
        while (queue.isEmpty() && !closed) {
          if (overflowing) {
            lostInOverflow = droppedNow;
            overflowing = false;
            droppedNow = 0;
            break;
          }
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        q = queue.pollFirst();
      }
      if (lostInOverflow > 0) {
        record.accept(
            "alert", "alert hook " + name + " caught up; " + lostInOverflow + " events dropped");
      }
      if (q != null) {
        call(q.hook(), q.event());
      }
    }
  }

  private void call(AlertHookConfig hook, AlertEvent e) {
    if (!Files.isRegularFile(hook.path()) || !Files.isExecutable(hook.path())) {
      calls.labelValues(name, "missing").inc();
      LOG.error(
          "alert hook {}: {} is not an executable file on this node; event #{} ({}) not sent",
          name,
          hook.path(),
          e.sequence(),
          e.kind());
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("env", "-i"));
    e.environment().forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.addAll(List.of("setsid", hook.path().toString()));
    ProcessSpec spec =
        new ProcessSpec("alert " + name, cmd, Map.of(), null, null, hook.timeout(), KILL_GRACE);
    ProcessResult r;
    try {
      var child = runner.start(spec);
      r = runner.finish(child, spec);
      if (r.timedOut()) {
        killGroup(child.pid());
      }
    } catch (java.io.IOException ex) {
      calls.labelValues(name, "failed").inc();
      LOG.warn("alert hook {}: cannot start {}: {}", name, hook.path(), ex.toString());
      return;
    }
    String outcome = r.timedOut() ? "timeout" : r.succeeded() ? "ok" : "failed";
    calls.labelValues(name, outcome).inc();
    if (!r.succeeded()) {
      LOG.warn(
          "alert hook {}: event #{} ({}): {}",
          name,
          e.sequence(),
          e.kind(),
          r.timedOut() ? "killed after " + hook.timeout().toMillis() + " ms" : r.describe());
    }
  }

  /** Whatever the hook left behind in its process group (a double fork, say) is killed. */
  private void killGroup(long pgid) {
    ProcessSpec kill =
        new ProcessSpec(
            "alert " + name + " group kill",
            List.of("kill", "-KILL", "--", "-" + pgid),
            Map.of(),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ZERO);
    runner.run(kill); // exit 1 when the group is already empty: nothing to report
  }

  /** Stops the thread; a call in progress is ended by the interrupt (its child is killed). */
  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
      queue.clear();
      queue.notifyAll();
    }
    thread.interrupt();
  }
}
