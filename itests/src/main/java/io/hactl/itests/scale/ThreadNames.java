package io.hactl.itests.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where an agent's threads go: {@code jcmd PID Thread.print}, thread names grouped with their
 * numbers and pids replaced by {@code #} ({@code svc-worker-#}, {@code out-daemon-#}). Empty when
 * jcmd does not answer within its deadline.
 */
final class ThreadNames {
  private ThreadNames() {}

  static Map<String, Integer> of(long pid) {
    Map<String, Integer> out = new TreeMap<>();
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process p =
          new ProcessBuilder(jcmd, String.valueOf(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      byte[] raw = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return out;
      }
      for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("\"")) {
          String name = line.substring(1, Math.max(1, line.indexOf('"', 1)));
          out.merge(name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
