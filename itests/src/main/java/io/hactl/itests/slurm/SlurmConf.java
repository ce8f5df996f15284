package io.hactl.itests.slurm;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders the slurm.conf the itests use: munge authentication through the run's own munge socket,
 * root as SlurmUser, Linux process tracking without cgroups, one compute node {@code cn1} declaring
 * 8 CPUs ({@code config_overrides}, so that a 2-core machine runs several jobs at once), and the
 * controllers given. It checks nothing; slurmctld does.
 */
public final class SlurmConf {
  /** Seconds Slurm's backup waits for a silent primary before it takes control. */
  public static final int CTLD_TIMEOUT_SECONDS = 5;

  private SlurmConf() {}

  /** One {@code SlurmctldHost} line: the name slurmctld must run under, and its address. */
  public record Controller(String host, String address) {}

  /**
   * @param pidFile slurmctld's pid file: slurmctld sends TERM to a live process that holds its lock
   *     when it starts, so two controllers that may run at once (Slurm's pair) need one each
   */
  public static String render(
      List<Controller> controllers,
      Path stateSave,
      Path pidFile,
      SlurmDirs d,
      String computeAddress) {
    StringBuilder b = new StringBuilder("ClusterName=hx\n");
    for (Controller c : controllers) {
      b.append("SlurmctldHost=").append(c.host()).append('(').append(c.address()).append(")\n");
    }
    b.append("StateSaveLocation=").append(stateSave).append('\n');
    b.append("SlurmctldPidFile=").append(pidFile).append('\n');
    b.append("AuthType=auth/munge\nCredType=cred/munge\n");
    b.append("AuthInfo=socket=").append(d.mungeSocket()).append('\n');
    b.append("SlurmUser=root\nSlurmdUser=root\n");
    b.append("SlurmdSpoolDir=").append(d.slurmdSpool()).append('\n');
    b.append("SlurmdPidFile=").append(d.slurmdDir().resolve("slurmd.pid")).append('\n');
    b.append("SlurmdLogFile=").append(d.slurmdDir().resolve("slurmd.log")).append('\n');
    b.append("ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n");
    b.append("SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU_Memory\n");
    b.append("DefMemPerCPU=100\nSlurmdParameters=config_overrides\nReturnToService=2\n");
    b.append("SlurmctldTimeout=").append(CTLD_TIMEOUT_SECONDS).append('\n');
    b.append("SlurmdTimeout=120\nMessageTimeout=5\nMinJobAge=3600\n");
    b.append("MpiDefault=none\nMailProg=/bin/true\n");
    b.append(
        "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n");
    b.append("NodeName=cn1 NodeAddr=")
        .append(computeAddress)
        .append(" CPUs=8 RealMemory=1000 State=UNKNOWN\n");
    b.append("PartitionName=main Nodes=cn1 Default=YES MaxTime=INFINITE State=UP\n");
    return b.toString();
  }

  /**
   * The command that starts one controller in the foreground under {@code host}, in its own UTS
   * namespace (slurmctld picks its role from the host name), then {@code exec slurmctld -D}, so the
   * process's argv[0] is {@code /usr/sbin/slurmctld}.
   */
  public static List<String> controllerCommand(String host, Path conf) {
    return List.of(
        "/usr/bin/unshare",
        "-u",
        "/bin/sh",
        "-c",
        "hostname " + host + " && exec /usr/sbin/slurmctld -D -f '" + conf + "'");
  }

  /**
   * As {@link #controllerCommand}, with also a private mount namespace and a tmpfs on {@link
   * SlurmDirs#ctlRun} (a node-local /run for the pid file), for controllers that run at the same
   * time on this one machine.
   */
  public static List<String> privateRunControllerCommand(String host, Path conf, SlurmDirs d) {
    String script =
        "mount -t tmpfs -o size=1m,mode=0755 hx-ctlrun '"
            + d.ctlRun()
            + "' && hostname "
            + host
            + " && exec /usr/sbin/slurmctld -D -f '"
            + conf
            + "'";
    return List.of("/usr/bin/unshare", "-m", "-u", "/bin/sh", "-c", script);
  }
}
