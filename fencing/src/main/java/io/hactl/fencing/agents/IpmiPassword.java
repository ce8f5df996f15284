package io.hactl.fencing.agents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the BMC password of the fence_ipmilan family off every command line. Given a password on
 * stdin, fence_ipmilan runs {@code ipmitool ... -P PASSWORD}, and a process listing shows it until
 * ipmitool overwrites the argument. Instead hactl gives the fence agent no password: the password
 * goes into the agent's environment as {@code IPMI_PASSWORD} (which fence_ipmilan passes on to
 * ipmitool; {@code /proc/PID/environ} is readable by the process's owner only), and the agent's
 * {@code ipmitool_path} becomes hactl's small {@code hactl-ipmitool} program, which drops the empty
 * {@code -P ''} fence_ipmilan then passes and runs the real ipmitool with {@code -E} (read the
 * password from the environment). An {@code ipmitool_path} of the device's own names the real
 * ipmitool ({@code HACTL_IPMITOOL}).
 *
 * <p>It applies to the agents named in {@link #FAMILY} only (by program name: a wrapper of another
 * name gets the password on stdin as before), and not with {@code use_sudo} (sudo clears the
 * environment). The program is written, once per agent process, into a fresh owner-only temporary
 * directory, and written again if it goes missing or changes; where it cannot be written or
 * executed (a {@code noexec} temporary directory), hactl says so once and passes the password on
 * stdin as before, so fencing never depends on it.
 *
 * <p>The Kg key ({@code hexadecimal_kg}) takes the same road: fence_ipmilan would pass it as {@code
 * ipmitool -y HEX}; instead it goes into the environment as {@code HACTL_IPMI_KG_HEX}, and the
 * program turns it into the raw key in {@code IPMI_KGKEY} and runs ipmitool with {@code -K}.
 * ipmitool copies that variable as a C string into its zero-filled 20-byte key, which is the same
 * key {@code -y} gives for every key without a zero byte before its last non-zero byte. A key with
 * such a zero byte (or one that is not 1 to 20 bytes of hexadecimal) cannot travel that way: it
 * stays a fence agent option, reaches ipmitool's command line as before, and hactl says so once.
 */
final class IpmiPassword {
  private static final Logger LOG = LoggerFactory.getLogger(IpmiPassword.class);

  /** The fence agents that are fence_ipmilan under another name (fence-agents 4.12). */
  static final Set<String> FAMILY =
      Set.of(
          "fence_ipmilan",
          "fence_ipmilanplus",
          "fence_idrac",
          "fence_ilo3",
          "fence_ilo4",
          "fence_ilo5",
          "fence_imm");

  static final String RESOURCE = "hactl-ipmitool";
  private static final Set<String> PASSWORD_KEYS = Set.of("password", "passwd");
  private static final Set<String> KG_KEYS = Set.of("hexadecimal_kg", "hexadecimal-kg");
  private static final Set<String> PATH_KEYS = Set.of("ipmitool_path", "ipmitool-path");
  private static final Set<String> SUDO_KEYS = Set.of("use_sudo", "use-sudo", "sudo");

  /** What the agent gets: its stdin options, in order, and variables added to its environment. */
  record Call(Map<String, String> options, Map<String, String> environment) {}

  private static Path installed;
  private static boolean warned;
  private static boolean warnedKg;

  private IpmiPassword() {}

  /**
   * The call for {@code program} with {@code options} (the device's options, then the secrets read
   * from files): unchanged unless {@code program} is of the family and a password or a Kg key is
   * given.
   */
  static Call route(Path program, Map<String, String> options) {
    Call plain = new Call(options, Map.of());
    String name = program.getFileName().toString();
    String password = last(options, PASSWORD_KEYS);
    String kg = last(options, KG_KEYS);
    if (!FAMILY.contains(name)
        || (password == null && kg == null)
        || options.keySet().stream().anyMatch(k -> SUDO_KEYS.contains(normal(k)))) {
      return plain;
    }
    String kgHex = kg == null ? null : environmentKg(kg).orElse(null);
    if (kg != null && kgHex == null) {
      warnKgOnCommandLine();
    }
    if (password == null && kgHex == null) {
      return plain;
    }
    Optional<Path> wrapper = wrapper();
    if (wrapper.isEmpty()) {
      return plain;
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (password != null) {
      env.put("IPMI_PASSWORD", password);
    }
    if (kgHex != null) {
      env.put("HACTL_IPMI_KG_HEX", kgHex);
    }
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach(
        (k, v) -> {
          String key = normal(k);
          if (PATH_KEYS.contains(key)) {
            env.put("HACTL_IPMITOOL", v);
          } else if (!(password != null && PASSWORD_KEYS.contains(key))
              && !(kgHex != null && KG_KEYS.contains(key))) {
            out.put(k, v);
          }
        });
    out.put("ipmitool_path", wrapper.get().toString());
    return new Call(out, env);
  }

  /** The last non-empty value of one of {@code keys} (fence-agents keeps the last one given). */
  private static String last(Map<String, String> options, Set<String> keys) {
    String found = null;
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (keys.contains(normal(e.getKey())) && !e.getValue().isEmpty()) {
        found = e.getValue();
      }
    }
    return found;
  }

  /**
   * The Kg key as the hexadecimal the program turns into {@code IPMI_KGKEY}, trailing zero bytes
   * dropped (ipmitool zero-fills the key either way); empty when {@code -K} would not give ipmitool
   * the key {@code -y} gives: not 1 to 20 bytes of hexadecimal, all zero, or a zero byte before the
   * last non-zero one (a C string ends there).
   */
  static Optional<String> environmentKg(String hex) {
    String h = hex.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.isEmpty() || h.length() % 2 != 0 || h.length() > 40 || !h.matches("[0-9a-f]+")) {
      return Optional.empty();
    }
    while (h.endsWith("00")) {
      h = h.substring(0, h.length() - 2);
    }
    for (int i = 0; i < h.length(); i += 2) {
      if (h.startsWith("00", i)) {
        return Optional.empty();
      }
    }
    return h.isEmpty() ? Optional.empty() : Optional.of(h);
  }

  private static synchronized void warnKgOnCommandLine() {
    if (!warnedKg) {
      warnedKg = true;
      LOG.warn(
          "fence_ipmilan family: a hexadecimal_kg key with a zero byte inside (or not 1 to 20"
              + " bytes of hexadecimal) can reach ipmitool only on its command line (-y), where a"
              + " process listing shows it; choose a Kg key without a zero byte");
    }
  }

  private static String normal(String key) {
    return key.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The installed program, (re)written when missing or changed; empty when it cannot run. */
  static synchronized Optional<Path> wrapper() {
    byte[] text;
    try (InputStream in = IpmiPassword.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return unusable("the resource " + RESOURCE + " is missing from hactl's jar");
      }
      text = in.readAllBytes();
    } catch (IOException e) {
      return unusable("cannot read " + RESOURCE + ": " + e.getMessage());
    }
    try {
      if (installed == null || !intact(installed, text)) {
        Path dir = Files.createTempDirectory("hactl-ipmitool-"); // mode 0700
        Path file = dir.resolve(RESOURCE);
        Files.write(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
        installed = file;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return unusable("cannot write it: " + e.getMessage());
    }
    if (!Files.isExecutable(installed)) {
      return unusable(installed + " cannot be executed (a noexec file system?)");
    }
    return Optional.of(installed);
  }

  private static boolean intact(Path file, byte[] text) {
    try {
      return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), text);
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> unusable(String why) {
    if (!warned) {
      warned = true;
      LOG.warn(
          "fence_ipmilan family: {}; the BMC password goes to the fence agent on stdin, and"
              + " fence_ipmilan puts it on ipmitool's command line (set java.io.tmpdir to an"
              + " executable directory owned by root)",
          why);
    }
    return Optional.empty();
  }
}
