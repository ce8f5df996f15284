package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.util.List;

/**
 * The daemon part of a {@code cluster-create} service: the resource that runs on top of the spool
 * mount, with the commands, timeouts and emergency-stop budgets of the matching file in {@code
 * config-samples/}. It only writes YAML text; the whole file is validated by the caller.
 *
 * @param kind what was asked for ({@code condor}, {@code slurm}, {@code quartz-demo}, {@code exec})
 * @param yaml the child resource, indented for {@code children:} under the spool
 */
record SchedulerTemplate(String kind, String yaml) {
  static final List<String> KINDS = List.of("condor", "slurm", "quartz-demo", "exec:CMD");

  private static final String IND = "          ";

  /** The template for {@code --scheduler VALUE}; {@code spool} is the mount point. */
  static SchedulerTemplate of(String value, String spool) throws CliException {
    if (value.startsWith("exec:")) {
      return exec(value.substring("exec:".length()));
    }
    return switch (value) {
      case "condor" ->
          new SchedulerTemplate(
              "condor",
              lines(
                  "- type: exec",
                  "  name: schedd",
                  "  command: [\"/usr/sbin/condor_schedd\", \"-f\"]",
                  "  environment: {CONDOR_CONFIG: /etc/condor/condor_config}",
                  "  workdir: " + ClusterCreateCommand.q(spool),
                  "  ready: [\"/usr/bin/condor_q\", \"-limit\", \"1\"]",
                  "  monitor: [\"/usr/bin/condor_q\", \"-limit\", \"1\"]",
                  "  startTimeout: 120s",
                  "  stopTimeout: 5m",
                  "  monitorInterval: 60s",
                  "  monitorTimeout: 30s",
                  "  termGrace: 1s"));
      case "slurm" ->
          new SchedulerTemplate(
              "slurm",
              lines(
                  "# slurmctld in the foreground; StateSaveLocation in slurm.conf is the spool.",
                  "# For a floating SlurmctldHost address see config-samples/slurmctld.yaml.",
                  "- type: exec",
                  "  name: slurmctld",
                  "  command: [\"/usr/sbin/slurmctld\", \"-D\"]",
                  "  environment: {SLURM_CONF: /etc/slurm/slurm.conf}",
                  "  ready: [\"/usr/bin/scontrol\", \"ping\"]",
                  "  monitor: [\"/usr/bin/scontrol\", \"ping\"]",
                  "  startTimeout: 60s",
                  "  stopTimeout: 2m",
                  "  monitorInterval: 30s",
                  "  monitorTimeout: 15s",
                  "  termGrace: 1500ms"));
      case "quartz-demo" ->
          new SchedulerTemplate(
              "quartz-demo",
              lines(
                  "- type: exec",
                  "  name: scheduler",
                  "  command: [\"/usr/bin/java\", \"-Xmx64m\", \"-XX:+UseSerialGC\","
                      + " \"-XX:TieredStopAtLevel=1\", \"-cp\", \"/usr/share/hactl/hactl-demo.jar\","
                      + " \"io.hactl.demo.scheduler.DemoScheduler\", \"--spool\", "
                      + ClusterCreateCommand.q(spool)
                      + "]",
                  "  startTimeout: 30s",
                  "  stopTimeout: 30s",
                  "  termGrace: 1s"));
      default ->
          throw new CliException(
              ExitCode.USAGE,
              "--scheduler "
                  + value
                  + ": unknown; give one of "
                  + String.join(", ", KINDS)
                  + " (e.g. --scheduler condor, or --scheduler 'exec:/usr/sbin/mydaemon -f')");
    };
  }

  /** Any daemon given as one command line, run in the foreground. */
  static SchedulerTemplate exec(String command) throws CliException {
    List<String> words = List.of(command.trim().split("\\s+"));
    if (command.isBlank() || !words.get(0).startsWith("/")) {
      throw new CliException(
          ExitCode.USAGE,
          "the daemon command '"
              + command
              + "' must start with an absolute path, e.g. \"/usr/sbin/condor_schedd -f\"");
    }
    return new SchedulerTemplate(
        "exec",
        lines(
            "- type: exec",
            "  name: daemon",
            "  command: ["
                + String.join(", ", words.stream().map(ClusterCreateCommand::q).toList())
                + "]",
            "  termGrace: 1s"));
  }

  private static String lines(String... lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(IND).append(l).append('\n');
    }
    return b.toString();
  }
}
