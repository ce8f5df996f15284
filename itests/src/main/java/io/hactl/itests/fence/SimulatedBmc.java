package io.hactl.itests.fence;

import io.hactl.itests.support.BootClock;
import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.Scripts;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Janitor;
import io.hactl.testkit.support.Shell;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BMC of one test node: OpenIPMI's {@code ipmi_sim} speaking IPMI 2.0 on its own address, whose
 * chassis-control hook kills every process of the node on power off. fence_ipmilan against it is
 * real fencing. The BMC can be made to refuse (fencing fails after fence_ipmilan's power timeout)
 * or to vanish (fencing fails after its login timeout). It does not power the node back on: the
 * harness restarts the node's agent when it decides the node is back.
 */
public final class SimulatedBmc implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedBmc.class);
  public static final String USER = "admin";

  /** Distinctive, so that a test can look for it in logs, ZooKeeper and process listings. */
  public static final String PASSWORD = "hxBmc-Q7w2Zk9";

  private final String node;
  private final String address;
  private final int port;
  private final Path dir;
  private final String match;
  private final String runId;
  private final Janitor janitor;
  private final Shell shell = new Shell(Duration.ofSeconds(30));
  private Daemon sim;
  private BmcMode mode = BmcMode.WORKING;

  /**
   * Prepares (does not start) the BMC.
   *
   * @param match which processes are the node's: {@code net:INODE} or {@code env:KEY=VALUE}
   */
  public SimulatedBmc(
      String node,
      String address,
      int port,
      Path dir,
      String match,
      String runId,
      Janitor janitor) {
    this.node = node;
    this.address = address;
    this.port = port;
    this.dir = dir;
    this.match = match;
    this.runId = runId;
    this.janitor = janitor;
  }

  /** Writes the configuration, starts ipmi_sim and waits until a status query succeeds. */
  public void start(Duration timeout) {
    try {
      Files.createDirectories(dir.resolve("state"));
      Path hook = dir.resolve("hook.sh");
      Scripts.install("hx-bmc-hook.sh", hook);
      write("match", match);
      write("mode", "working");
      write("power", "1");
      write("lan.conf", lanConf(hook));
      write(
          "sim.emu",
          "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\nmc_enable 0x20\n");
    } catch (IOException e) {
      throw new HarnessException("cannot write BMC files in " + dir, e);
    }
    launch(timeout);
  }

  private void launch(Duration timeout) {
    List<String> cmd =
        List.of(
            "ipmi_sim",
            "-n",
            "-c",
            dir.resolve("lan.conf").toString(),
            "-f",
            dir.resolve("sim.emu").toString(),
            "-s",
            dir.resolve("state").toString());
    sim = Daemon.toFile("bmc-" + node, cmd, Map.of(), dir, dir.resolve("ipmi_sim.log"));
    janitor.process(runId, sim.pid(), dir.toString());
    Waits.until("BMC of " + node + " answering", timeout, Duration.ofMillis(100), this::answers);
    LOG.info("BMC of {} listening on {}:{}", node, address, port);
  }

  private String lanConf(Path hook) {
    return "name \"hx"
        + runId
        + node
        + "\"\n"
        + "set_working_mc 0x20\n"
        + "  startlan 1\n"
        + "    addr "
        + address
        + " "
        + port
        + "\n"
        + "    priv_limit admin\n"
        + "    allowed_auths_callback none md2 md5 straight\n"
        + "    allowed_auths_user none md2 md5 straight\n"
        + "    allowed_auths_operator none md2 md5 straight\n"
        + "    allowed_auths_admin none md2 md5 straight\n"
        + "    guid a123456789abcdefa123456789abcdef\n"
        + "  endlan\n"
        + "  chassis_control \""
        + hook
        + " "
        + dir
        + " 0x20\"\n"
        + "  user 2 true \""
        + USER
        + "\" \""
        + PASSWORD
        + "\" admin 10 none md2 md5 straight\n";
  }

  /** Whether {@code fence_ipmilan -o status} against this BMC succeeds right now. */
  public boolean answers() {
    return shell.tryRun(List.of("fence_ipmilan"), stdin("status")).succeeded();
  }

  private String stdin(String action) {
    StringBuilder b = new StringBuilder("action=").append(action).append('\n');
    fenceOptions().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }

  /** The fence_ipmilan options that reach this BMC, as written into the cluster configuration. */
  public Map<String, String> fenceOptions() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("ip", address);
    o.put("ipport", Integer.toString(port));
    o.put("username", USER);
    o.put("password", PASSWORD);
    o.put("lanplus", "1");
    o.put("cipher", "3");
    o.put("power_timeout", "4");
    return o;
  }

  /** Switches the BMC's behaviour; takes effect for the next request. */
  public synchronized void mode(BmcMode next) {
    if (next == mode) {
      return;
    }
    write("mode", next == BmcMode.REFUSING ? "refusing" : "working");
    if (next == BmcMode.UNREACHABLE) {
      sim.kill();
    } else if (mode == BmcMode.UNREACHABLE) {
      launch(Duration.ofSeconds(30));
    }
    LOG.info("BMC of {}: {} -> {}", node, mode, next);
    mode = next;
  }

  /** Whether the BMC reports the node powered on. */
  public boolean poweredOn() {
    return read("power").equals("1");
  }

  /** Records power on (the harness is about to start the node's agent again). */
  public void powerOn() {
    write("power", "1");
  }

  /** Every power change so far, in order. */
  public List<BmcEvent> events(BootClock clock) {
    Path f = dir.resolve("events");
    List<BmcEvent> out = new ArrayList<>();
    if (!Files.exists(f)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String[] p = line.split(" ", 2);
        if (p.length == 2) {
          out.add(new BmcEvent(node, clock.toNanos(p[0]), kind(p[1]), p[1]));
        }
      }
    } catch (IOException e) {
      throw new HarnessException("cannot read " + f, e);
    }
    return out;
  }

  private static BmcEvent.Kind kind(String text) {
    if (text.startsWith("refused")) {
      return BmcEvent.Kind.REFUSED;
    }
    return text.startsWith("power off") ? BmcEvent.Kind.POWER_OFF : BmcEvent.Kind.POWER_ON;
  }

  public String node() {
    return node;
  }

  private void write(String file, String text) {
    try {
      Files.writeString(dir.resolve(file), text + (text.endsWith("\n") ? "" : "\n"));
    } catch (IOException e) {
      throw new HarnessException("cannot write " + dir.resolve(file), e);
    }
  }

  private String read(String file) {
    try {
      return Files.readString(dir.resolve(file)).trim();
    } catch (IOException e) {
      throw new HarnessException("cannot read " + dir.resolve(file), e);
    }
  }

  @Override
  public synchronized void close() {
    if (sim != null) {
      sim.stop(Duration.ofSeconds(2));
    }
  }
}
