package io.hactl.itests;

import io.hactl.testkit.support.Host;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, loudly, when this machine lacks what it needs. */
public final class Needs {
  private Needs() {}

  /** Skips unless root, ip, unshare and iptables are available. */
  public static void namespaces() {
    skipIf(Host.missingNamespaces());
  }

  /** Skips unless every program is on the PATH. */
  public static void programs(String... programs) {
    skipIf(Host.missingPrograms(programs));
  }

  /** Skips with {@code reason} when it is present, printing it to stderr too. */
  public static void skipIf(Optional<String> reason) {
    if (reason.isPresent()) {
      System.err.println("SKIPPED: " + reason.get());
    }
    Assumptions.assumeTrue(reason.isEmpty(), reason.orElse(""));
  }
}
