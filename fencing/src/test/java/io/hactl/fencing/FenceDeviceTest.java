package io.hactl.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checks {@link FenceDevice} and {@link FenceTarget} make on what they are given. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FenceDeviceTest {
  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void keepsOptionOrderAndDefaultsToOff() {
    Map<String, String> options = new LinkedHashMap<>();
    for (String k : List.of("z", "a", "m", "b")) {
      options.put(k, k.toUpperCase());
    }
    FenceDevice device = new FenceDevice("fence_x", null, options, T);

    assertEquals(List.of("z", "a", "m", "b"), List.copyOf(device.options().keySet()));
    assertEquals(FenceAction.OFF, device.fenceAction());
  }

  @Test
  void rejectsAnythingThatWouldAddALineOrAnActionToStdin() {
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of("action", "on")));
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of("option", "on")));
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of("plug", "n1\naction=on")));
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of("a\nb", "x")));
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of("a=b", "x")));
    assertThrows(IllegalArgumentException.class, () -> dev(Map.of(" ", "x")));
  }

  @Test
  void acceptsOnlyFencingActionsAndAPositiveTimeout() {
    assertThrows(IllegalArgumentException.class, () -> new FenceDevice("f", "on", Map.of(), T));
    assertThrows(IllegalArgumentException.class, () -> new FenceDevice("f", "status", Map.of(), T));
    assertThrows(
        IllegalArgumentException.class, () -> new FenceDevice("f", "off", Map.of(), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new FenceDevice(" ", "off", Map.of(), T));
    assertEquals(FenceAction.REBOOT, new FenceDevice("f", "Reboot", Map.of(), T).fenceAction());
  }

  @Test
  void masksSecretsInToString() {
    FenceDevice device =
        dev(Map.of("passwd", "s1", "snmp_priv_passwd", "s2", "community", "s3", "login", "admin"));

    assertFalse(device.toString().matches(".*s[123].*"), device.toString());
    assertTrue(device.toString().contains("login=admin"), device.toString());
    assertEquals(3, device.secretValues().size());
    assertTrue(FenceDevice.isSecretKey("Password"));
    assertTrue(FenceDevice.isSecretKey("secret-key"));
    assertFalse(FenceDevice.isSecretKey("ip"));
  }

  @Test
  void targetRejectsAnEmptyLevel() {
    assertThrows(IllegalArgumentException.class, () -> new FenceTarget("n1", List.of(List.of())));
    assertThrows(IllegalArgumentException.class, () -> new FenceTarget("", List.of()));
  }

  private static FenceDevice dev(Map<String, String> options) {
    return new FenceDevice("fence_x", "off", options, T);
  }
}
