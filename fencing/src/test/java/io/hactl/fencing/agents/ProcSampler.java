package io.hactl.fencing.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples every process's command line and environment ({@code ps e}'s sources) in a loop, and
 * collects those that contain a given text: what a local user could see while a secret is in use.
 */
final class ProcSampler implements AutoCloseable {
  private final String needle;
  private final List<String> hits = new ArrayList<>();
  private final AtomicInteger samples = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  private ProcSampler(String needle) {
    this.needle = needle;
    this.thread = new Thread(this::loop, "proc-sampler");
    this.thread.setDaemon(true);
  }

  static ProcSampler start(String needle) {
    ProcSampler s = new ProcSampler(needle);
    s.thread.start();
    return s;
  }

  int samples() {
    return samples.get();
  }

  /** Stops sampling; returns the processes that showed the text. */
  List<String> stop() throws InterruptedException {
    running = false;
    thread.join(5000);
    synchronized (hits) {
      return List.copyOf(hits);
    }
  }

  private void loop() {
    while (running) {
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : procs) {
          check(p, "cmdline");
          check(p, "environ");
        }
      } catch (IOException e) {
        // /proc changes while listed; sample again
      }
      samples.incrementAndGet();
    }
  }

  private void check(Path proc, String what) {
    try {
      String text = new String(Files.readAllBytes(proc.resolve(what)), StandardCharsets.UTF_8);
      if (text.contains(needle)) {
        synchronized (hits) {
          hits.add(proc.getFileName() + " " + what + ": " + text.replace('\0', ' '));
        }
      }
    } catch (IOException e) {
      // gone, or not ours to read
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
