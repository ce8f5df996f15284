package io.hactl.testkit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, in a small file per run, the host-level things a run creates (network namespaces,
 * links, processes), and removes what a dead run left behind. It is the safety net for a harness
 * JVM killed with SIGKILL, whose {@link Cleanup} never ran; it never touches a run whose owning JVM
 * is still alive, nor a process whose command line does not carry that run's marker.
 */
public final class Janitor {
  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

  private final Path registry;
  private final Shell shell = new Shell(Duration.ofSeconds(10));

  public Janitor(Path registry) {
    this.registry = registry;
  }

  /** The registry most runs use: under /run when writable, else under the temp directory. */
  public static Janitor standard() {
    Path run = Path.of("/run");
    Path base = Files.isWritable(run) ? run : Path.of(System.getProperty("java.io.tmpdir"));
    return new Janitor(base.resolve("hactl-itests"));
  }

  /** Starts the record of run {@code id}, owned by this JVM. */
  public void begin(String id) {
    try {
      Files.createDirectories(registry);
      Files.writeString(
          file(id), "owner " + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write run record in " + registry, e);
    }
  }

  /** Notes a network namespace of run {@code id}. */
  public void netns(String id, String name) {
    append(id, "netns " + name);
  }

  /** Notes a host-side network link of run {@code id}. */
  public void link(String id, String name) {
    append(id, "link " + name);
  }

  /** Notes a process of run {@code id}; its command line must contain {@code marker}. */
  public void process(String id, long pid, String marker) {
    append(id, "pid " + pid + " " + marker);
  }

  /** Forgets run {@code id} after its own cleanup succeeded. */
  public void end(String id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      LOG.warn("cannot delete run record {}: {}", file(id), e.toString());
    }
  }

  /** Removes what every dead run left behind; returns how many runs were swept. */
  public int sweep() {
    if (!Files.isDirectory(registry)) {
      return 0;
    }
    int swept = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(registry, "*.run")) {
      for (Path f : ds) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (ownerAlive(lines)) {
          continue;
        }
        LOG.warn("sweeping leftovers of dead run {}", f.getFileName());
        sweepRun(lines);
        Files.deleteIfExists(f);
        swept++;
      }
    } catch (IOException e) {
      throw new HarnessException("cannot read run records in " + registry, e);
    }
    return swept;
  }

  private static boolean ownerAlive(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("owner "))
        .map(l -> Long.parseLong(l.substring(6).trim()))
        .anyMatch(Procfs::alive);
  }

  private void sweepRun(List<String> lines) {
    for (String l : lines) {
      String[] f = l.split(" ", 3);
      if (f[0].equals("pid") && f.length == 3) {
        long pid = Long.parseLong(f[1]);
        if (String.join(" ", Procfs.cmdline(pid)).contains(f[2])) {
          Procfs.killAll(p -> p == pid, 3);
        }
      }
    }
    for (String l : lines) {
      String[] f = l.split(" ", 2);
      if (f[0].equals("netns")) {
        removeNamespace(f[1]);
      } else if (f[0].equals("link")) {
        shell.tryRun(List.of("ip", "link", "del", f[1]));
      }
    }
  }

  /** Kills every process in network namespace {@code name}, then deletes the namespace. */
  public void removeNamespace(String name) {
    Path nsFile = Path.of("/run/netns", name);
    if (Files.exists(nsFile)) {
      long ino = Procfs.namespaceFileInode(nsFile);
      Procfs.killAll(pid -> inNet(pid, ino), 20);
    }
    shell.tryRun(List.of("ip", "netns", "del", name));
  }

  private static boolean inNet(long pid, long ino) {
    OptionalLong n = Procfs.namespace(pid, "net");
    return n.isPresent() && n.getAsLong() == ino;
  }

  private void append(String id, String line) {
    try {
      Files.writeString(file(id), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new HarnessException("cannot append to run record " + file(id), e);
    }
  }

  private Path file(String id) {
    return registry.resolve(id + ".run");
  }
}
