package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.zk.ConfigStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration input is bounded: huge files, devices and FIFOs are refused before parsing, naming
 * the limit; a valid file too large for a znode fails {@code apply} clearly. Times are printed, not
 * asserted; the timeouts catch a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedInputTest {
  @TempDir Path tmp;

  private static HactlRun validate(String file) {
    long t0 = System.nanoTime();
    HactlRun r = HactlRun.hactl("config", "validate", file);
    System.out.printf(
        "config validate %s: exit %d after %d ms%n",
        file, r.code(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return r;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFiftyMegabyteFileIsRefusedNamingTheLimit() throws IOException {
    Path big = tmp.resolve("big.yaml");
    try (OutputStream out = Files.newOutputStream(big)) {
      out.write("cluster: {name: \"".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
    }
    HactlRun r = validate(big.toString());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains(big + ": too large (52428820 bytes)"), r.err());
    assertTrue(r.err().contains("the limit is 1 MiB (1048576 bytes)"), r.err());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void devZeroIsRefusedBeforeItIsOpened() {
    Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this machine");
    HactlRun r = validate("/dev/zero");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("/dev/zero: cannot read the file: not a regular file"), r.err());
    assertTrue(r.err().contains("at most 1 MiB"), r.err());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = tmp.resolve("pipe.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    Assumptions.assumeTrue(
        p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
    HactlRun r = validate(fifo.toString());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains(fifo + ": cannot read the file: not a regular file"), r.err());
  }

  @Test
  void aValidFileTooLargeForAZnodeFailsApplyClearly() throws Exception {
    Path cfg = tmp.resolve("large.yaml");
    try (TestingServer server = new TestingServer(true)) {
      String body =
          "cluster: {name: big, zookeeper: \""
              + server.getConnectString()
              + "\"}\n"
              + "nodes: {n1: {address: 127.0.0.1, fence: manual}}\n";
      StringBuilder padding = new StringBuilder(body);
      while (padding.length() <= ConfigStore.MAX_BYTES + 1000) {
        padding.append("# ").append("comment ".repeat(12)).append('\n');
      }
      Files.writeString(cfg, padding);
      HactlRun apply = HactlRun.hactl("config", "apply", "--yes", cfg.toString());
      assertEquals(3, apply.code(), apply.err());
      assertTrue(apply.err().contains("too large to store in ZooKeeper"), apply.err());
      assertTrue(apply.err().contains("the limit is 1000000 bytes"), apply.err());
      assertTrue(!apply.err().contains("ConnectionLoss"), apply.err());
    }
  }
}
