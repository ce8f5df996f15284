package io.hactl.ocf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-controller slurm.conf for tests (the settings known to work on these machines), with free
 * ports and everything below {@code dir}.
 */
final class SlurmConf {
  private SlurmConf() {}

  /**
   * Writes {@code dir/slurm.conf} for controller host {@code controller}, authenticating through
   * the munged socket {@code munge}, saving state in {@code stateDir}.
   */
  static Path write(Path dir, String controller, Path munge, Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      Path conf = dir.resolve("slurm.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "ClusterName=hactl-ocf",
              "SlurmctldHost=" + controller,
              "SlurmctldPort=" + freePort(),
              "SlurmdPort=" + freePort(),
              "AuthType=auth/munge",
              "AuthInfo=socket=" + munge,
              "CryptoType=crypto/munge",
              "ProctrackType=proctrack/linuxproc",
              "TaskPlugin=task/none",
              "SelectType=select/cons_tres",
              "DefMemPerCPU=100",
              "MpiDefault=none",
              "SlurmUser=root",
              "StateSaveLocation=" + stateDir,
              "SlurmctldPidFile=" + dir.resolve("slurmctld-own.pid"),
              "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
              "SlurmctldTimeout=10",
              "NodeName=cn1 NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN",
              "PartitionName=debug Nodes=cn1 Default=YES MaxTime=INFINITE State=UP",
              ""));
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write slurm.conf in " + dir, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
