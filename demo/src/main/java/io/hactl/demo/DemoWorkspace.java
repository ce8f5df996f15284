package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.demo.scheduler.DemoScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The demo's work directory and where everything lives in it: the generated configuration, the
 * fence agent, the "shared storage" of the spool and its mount point, the ZooKeeper data, and the
 * logs. It creates files; it never deletes anything.
 *
 * <pre>
 * DIR/cluster.yaml          the generated configuration
 * DIR/cluster.yaml.credentials/  ZooKeeper credentials (agent, admin, reader: owner-only files)
 * DIR/fence_demo            the fence agent (fence-agents API)
 * DIR/storage/              the shared storage: the spool's content, ledger included
 * DIR/mnt/spool/            the spool's mount point (mount namespaces only)
 * DIR/nodes/NODE/mntns      the node's mount namespace id, for the fence agent
 * DIR/zookeeper/            the embedded ZooKeeper server's data
 * DIR/logs/NODE.log         each agent's log (stdout and stderr, the scheduler's lines too)
 * DIR/logs/fence.log        one line per fence agent call
 * DIR/logs/demo.log         this process's own log (ZooKeeper server, clients)
 * </pre>
 */
record DemoWorkspace(Path dir) {
  private static final String FENCE_RESOURCE = "fence_demo";

  /** A fresh temporary directory, or {@code chosen}, which must be missing or empty. */
  static DemoWorkspace create(Path chosen) throws DemoException {
    try {
      if (chosen == null) {
        return new DemoWorkspace(Files.createTempDirectory("hactl-demo-").toAbsolutePath());
      }
      Path dir = chosen.toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new DemoException(
                ExitCode.USAGE,
                "--workdir "
                    + dir
                    + " is not empty; give a new or empty directory (a ledger or ZooKeeper"
                    + " data of an earlier run would spoil this one)");
          }
        }
      }
      Files.createDirectories(dir);
      return new DemoWorkspace(dir);
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot create the work directory: " + e, e);
    }
  }

  /** Creates the directories and writes the fence agent. */
  void prepare(Isolation isolation, Iterable<String> nodes) throws DemoException {
    try {
      Files.createDirectories(storage());
      if (isolation == Isolation.MOUNT_NAMESPACES) {
        Files.createDirectories(mountpoint());
      }
      Files.createDirectories(logs());
      for (String n : nodes) {
        Files.createDirectories(nsFile(n).getParent());
      }
      try (InputStream in = DemoWorkspace.class.getResourceAsStream(FENCE_RESOURCE)) {
        if (in == null) {
          throw new DemoException(ExitCode.FAILURE, "the fence agent is missing from the jar");
        }
        Files.write(fenceAgent(), in.readAllBytes());
      }
      Files.setPosixFilePermissions(fenceAgent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot prepare " + dir + ": " + e, e);
    }
  }

  Path config() {
    return dir.resolve("cluster.yaml");
  }

  /**
   * The cluster's ZooKeeper credentials: beside the configuration, where {@code hactl} commands
   * given {@code --config} look for them.
   */
  Path credentials() {
    return dir.resolve(config().getFileName() + ".credentials");
  }

  Path fenceAgent() {
    return dir.resolve("fence_demo");
  }

  /** The shared storage: what an NFS export would be. */
  Path storage() {
    return dir.resolve("storage");
  }

  Path mountpoint() {
    return dir.resolve("mnt").resolve("spool");
  }

  /** The directory the scheduler is told is its spool. */
  Path spool(Isolation isolation) {
    return isolation == Isolation.MOUNT_NAMESPACES ? mountpoint() : storage();
  }

  /** The ledger, read through the storage (it is the same file the owner writes). */
  Path ledger() {
    return DemoScheduler.ledgerFile(storage());
  }

  Path nsFile(String node) {
    return dir.resolve("nodes").resolve(node).resolve("mntns");
  }

  Path zookeeperData() {
    return dir.resolve("zookeeper");
  }

  Path logs() {
    return dir.resolve("logs");
  }

  Path agentLog(String node) {
    return logs().resolve(node + ".log");
  }

  Path fenceLog() {
    return logs().resolve("fence.log");
  }

  Path demoLog() {
    return logs().resolve("demo.log");
  }

  /** {@code path} relative to the work directory when it lies inside, for shorter output. */
  String shorten(String text) {
    return text.replace(dir + "/", "");
  }
}
