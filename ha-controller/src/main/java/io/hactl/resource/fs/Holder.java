package io.hactl.resource.fs;

import java.util.List;

/**
 * A process that keeps a mount busy.
 *
 * @param pid the process
 * @param command its name from {@code /proc/PID/comm}, for messages
 * @param uses how it holds the mount: {@code cwd}, {@code root}, {@code exe}, {@code fd 3}, {@code
 *     map /path}
 */
public record Holder(long pid, String command, List<String> uses) {
  public Holder {
    uses = List.copyOf(uses);
  }

  @Override
  public String toString() {
    return pid + "(" + command + ": " + String.join(", ", uses) + ")";
  }
}
