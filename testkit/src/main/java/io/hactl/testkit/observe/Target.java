package io.hactl.testkit.observe;

import java.util.OptionalLong;

/**
 * How the observer recognises one node's processes and its spool mount.
 *
 * @param node node name
 * @param netInode the node's network namespace, when nodes have their own
 * @param envMarker {@code KEY=VALUE} every process of the node carries in its environment, used
 *     when nodes share the host's network namespace
 * @param mountpoint the spool mountpoint as seen inside the node
 */
public record Target(String node, OptionalLong netInode, String envMarker, String mountpoint) {}
