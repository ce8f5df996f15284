package io.hactl.ocf;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The BMC of one test node: OpenIPMI's {@code ipmi_sim} on an address of the nodes' bridge, whose
 * chassis-control hook ({@code pacemaker/bmc-hook.sh}) KILLs every process of the node's network
 * namespace on power off. {@code fence_ipmilan} against it is real IPMI fencing.
 */
final class IpmiBmc implements AutoCloseable {
  static final String USER = "admin";
  static final String PASSWORD = "secret";

  private final String address;
  private final Path dir;
  private final Process sim;

  private IpmiBmc(String address, Path dir, Process sim) {
    this.address = address;
    this.dir = dir;
    this.sim = sim;
  }

  /**
   * Starts the BMC of node {@code i} in the switch namespace and waits until {@code fence_ipmilan
   * status} run from inside the node's namespace answers.
   */
  static IpmiBmc start(NodeNet net, int i, Path dir, Path hook) {
    try {
      Files.createDirectories(dir.resolve("state"));
      Files.writeString(dir.resolve("power"), "1\n");
      Files.writeString(dir.resolve("netns"), net.inode(net.nodeNs(i)) + "\n");
      Files.writeString(
          dir.resolve("sim.emu"),
          "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\n"
              + "mc_enable 0x20\n");
      Files.writeString(dir.resolve("lan.conf"), lanConf(net.bmcAddress(i), hook, dir, i));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the BMC files in " + dir, e);
    }
    Process sim =
        Proc.start(
            List.of(
                "ip",
                "netns",
                "exec",
                net.switchNs(),
                "ipmi_sim",
                "-n",
                "-c",
                dir.resolve("lan.conf").toString(),
                "-f",
                dir.resolve("sim.emu").toString(),
                "-s",
                dir.resolve("state").toString()),
            Map.of(),
            dir.resolve("ipmi_sim.log"));
    IpmiBmc bmc = new IpmiBmc(net.bmcAddress(i), dir, sim);
    await("BMC of node " + i + " answering fence_ipmilan status")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> bmc.status(net, i));
    return bmc;
  }

  private static String lanConf(String address, Path hook, Path dir, int i) {
    return String.join(
        "\n",
        "name \"hactl-ocf-bmc" + i + "\"",
        "set_working_mc 0x20",
        "  startlan 1",
        "    addr " + address + " 623",
        "    priv_limit admin",
        "    allowed_auths_callback none md2 md5 straight",
        "    allowed_auths_user none md2 md5 straight",
        "    allowed_auths_operator none md2 md5 straight",
        "    allowed_auths_admin none md2 md5 straight",
        "    guid a123456789abcdefa123456789abcdef",
        "  endlan",
        "  chassis_control \"" + hook + " " + dir + " 0x20\"",
        "  user 2 true \"" + USER + "\" \"" + PASSWORD + "\" admin 10 none md2 md5 straight",
        "");
  }

  private boolean status(NodeNet net, int i) {
    if (!sim.isAlive()) {
      throw new AssertionError("ipmi_sim exited:\n" + Proc.read(dir.resolve("ipmi_sim.log")));
    }
    String stdin =
        "action=status\nip="
            + address
            + "\nipport=623\nusername="
            + USER
            + "\npassword="
            + PASSWORD
            + "\nlanplus=1\ncipher=3\n";
    Path in = dir.resolve("status.in");
    try {
      Files.writeString(in, stdin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Proc.Result r =
        Proc.run(
            List.of(
                "ip",
                "netns",
                "exec",
                net.nodeNs(i),
                "sh",
                "-c",
                "fence_ipmilan < \"$1\"",
                "sh",
                in.toString()),
            Map.of(),
            Duration.ofSeconds(20),
            dir);
    return r.rc() == 0;
  }

  /** The fence_ipmilan parameters that reach this BMC, for a stonith resource. */
  Map<String, String> fenceParams() {
    return Map.of(
        "ip",
        address,
        "ipport",
        "623",
        "username",
        USER,
        "password",
        PASSWORD,
        "lanplus",
        "1",
        "cipher",
        "3");
  }

  /**
   * When the hook cut the node's power, in seconds since boot (the clock of /proc/uptime and of
   * process start times), each time it did.
   */
  List<Double> powerOffs() {
    return Proc.read(dir.resolve("events"))
        .lines()
        .filter(l -> l.endsWith(" power off"))
        .map(l -> Double.parseDouble(l.substring(0, l.indexOf(' '))))
        .toList();
  }

  @Override
  public void close() {
    Proc.stop(sim, Duration.ofSeconds(2));
  }
}
