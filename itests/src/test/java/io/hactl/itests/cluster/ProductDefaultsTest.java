package io.hactl.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.config.ClusterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProductDefaultsTest {
  @Test
  @Timeout(10)
  void theHarnessKnowsHactlsDefaultSessionTimeout() {
    assertEquals(
        ClusterSettings.DEFAULT_SESSION_TIMEOUT,
        Durations.parse(ClusterOptions.PRODUCT_SESSION_TIMEOUT),
        "ClusterOptions.PRODUCT_SESSION_TIMEOUT must follow hactl's default session timeout");
  }
}
