package io.hactl.fencing;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which fence-agent options carry a secret value, so that hactl masks them in logs and output and
 * refuses to store them in clear. The catalog lists every secret-valued option of Debian's
 * fence-agents 4.12 (read from each agent's {@code -o metadata}: {@code passwd}/{@code password},
 * {@code apikey} of fence_ibm_vpc, {@code hexadecimal_kg} of fence_ipmilan, SNMP {@code community}
 * and {@code snmp_priv_passwd}, {@code token}, AWS {@code access_key}/{@code secret_key}); names of
 * unknown agents are caught by markers ({@code passw}, {@code secret}, {@code token}, ...). Options
 * that name where a secret is ({@code passwd_script}, {@code identity_file}) are not secrets. Keys
 * compare case-insensitively, with {@code -} and {@code _} alike. Errs on the side of masking.
 */
public final class SecretOptions {
  /** Secret-valued options of the fence-agents family, normalized (lower case, '_'). */
  public static final Set<String> CATALOG =
      Set.of(
          "passwd",
          "password",
          "apikey",
          "api_key",
          "hexadecimal_kg",
          "kg",
          "community",
          "snmp_priv_passwd",
          "token",
          "access_key",
          "secret_key",
          "client_secret",
          "private_key");

  private static final List<String> MARKERS =
      List.of(
          "passw",
          "secret",
          "community",
          "token",
          "credential",
          "apikey",
          "api_key",
          "access_key",
          "_kg",
          "private_key",
          "passphrase");

  private static final List<String> REFERENCES = List.of("_script", "_file", "_path", "_url");

  private SecretOptions() {}

  /** Whether the value of option {@code key} is a secret. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    if (CATALOG.contains(k)) {
      return true;
    }
    if (REFERENCES.stream().anyMatch(k::endsWith)) {
      return false;
    }
    return MARKERS.stream().anyMatch(k::contains);
  }
}
