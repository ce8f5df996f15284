package io.hactl.cli;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes what a test opened, newest first, after each test ({@code @RegisterExtension}). */
final class Closers implements AfterEachCallback {
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Registers {@code c} to be closed after the test; returns it. */
  <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
  }
}
