package io.hactl.fencing;

import java.util.Locale;

/**
 * The actions of the fence-agents API, with the exit statuses that count as success for each. It
 * does not say whether a given agent implements an action: {@code metadata} does.
 */
public enum FenceAction {
  /** Power the node off and keep it off; a fencing action. */
  OFF("off"),
  /** Power the node on. */
  ON("on"),
  /** Power the node off, then on; a fencing action. */
  REBOOT("reboot"),
  /** Report the power state: exit 0 = on, 2 = off, anything else = could not tell. */
  STATUS("status"),
  /** Check that the device is reachable. */
  MONITOR("monitor"),
  /** List the plugs the device knows. */
  LIST("list"),
  /** List the plugs with their power state. */
  LIST_STATUS("list-status"),
  /** Print the agent's XML description of its options. */
  METADATA("metadata"),
  /** Check the options without touching the device. */
  VALIDATE_ALL("validate-all");

  /** The exit status of {@link #STATUS} that means the node is off. */
  public static final int STATUS_OFF_EXIT = 2;

  private final String wire;

  FenceAction(String wire) {
    this.wire = wire;
  }

  /** The value written as {@code action=...} on the agent's stdin. */
  public String wire() {
    return wire;
  }

  /** True for the actions that cut a node off ({@code off}, {@code reboot}). */
  public boolean fences() {
    return this == OFF || this == REBOOT;
  }

  /** Whether {@code exitCode} is success for this action ({@code status}: 0 = on or 2 = off). */
  public boolean succeeded(int exitCode) {
    return exitCode == 0 || (this == STATUS && exitCode == STATUS_OFF_EXIT);
  }

  /** The action named {@code wire} ({@code "off"}, {@code "list-status"}, ...). */
  public static FenceAction fromWire(String wire) {
    String wanted = wire == null ? "" : wire.trim().toLowerCase(Locale.ROOT);
    for (FenceAction action : values()) {
      if (action.wire.equals(wanted)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown fence action '" + wire + "'");
  }

  @Override
  public String toString() {
    return wire;
  }
}
