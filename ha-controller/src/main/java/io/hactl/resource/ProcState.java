package io.hactl.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads whether a process still runs from {@code /proc/PID/stat}, counting a zombie as gone. The
 * JDK's {@link ProcessHandle#isAlive} counts a zombie as alive, and a zombie whose parent died may
 * wait a long time for init to reap it; a zombie holds no files and runs no code. It does not
 * guarantee that the answer is still true when the caller acts on it.
 */
public final class ProcState {
  private final Path procRoot;

  public ProcState() {
    this(Path.of("/proc"));
  }

  public ProcState(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The state letter (R, S, D, Z, T, ...) of the process, or empty when there is none. */
  public Optional<Character> state(long pid) {
    String stat;
    try {
      stat =
          Files.readString(
              procRoot.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // "pid (comm) S ..."; comm may itself contain ") ", so take the last one.
    int close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 >= stat.length()) {
      return Optional.empty();
    }
    return Optional.of(stat.charAt(close + 2));
  }

  /** True when a process with this pid exists and is neither a zombie nor dead. */
  public boolean isRunning(long pid) {
    return state(pid).map(s -> s != 'Z' && s != 'X' && s != 'x').orElse(false);
  }

  /**
   * True when the process of this handle is gone: exited, a zombie, or its pid now belongs to
   * another process (the handle remembers the start time).
   */
  public boolean isGone(ProcessHandle handle) {
    return !handle.isAlive() || !isRunning(handle.pid());
  }
}
