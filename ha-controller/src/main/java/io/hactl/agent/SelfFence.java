package io.hactl.agent;

/**
 * What an owner does when it cannot confirm that its daemon and mounts are gone after an emergency
 * stop (DESIGN rule 4). The next owner fences this node anyway.
 */
@FunctionalInterface
public interface SelfFence {
  void fenceSelf(String service, String why);
}
