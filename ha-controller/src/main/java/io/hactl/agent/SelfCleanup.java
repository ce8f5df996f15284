package io.hactl.agent;

/** Cleans up leftovers of an earlier run of this node's agent (its own unclean ownership). */
@FunctionalInterface
public interface SelfCleanup {
  /** True when nothing of an earlier run is left (processes killed, mounts gone). */
  boolean cleanup(String service);
}
