package io.hactl.itests.cluster;

import io.hactl.testkit.net.Network;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A service other than the default (spool mount and heartbeat daemon): the configuration's {@code
 * services:} section and extra {@code cluster:} lines, and how the observer recognises the daemon.
 * The service must still be {@link ClusterYaml#SERVICE} in domain {@code all}, mount the spool on
 * {@link ClusterPaths#mountpoint()}, and run one daemon per owner.
 *
 * @param clusterLines lines added to the {@code cluster:} section, each indented by two spaces
 * @param services writes the {@code services:} section from the cluster's paths and network
 * @param daemonMarker one argv element, anywhere in argv, that only this cluster's daemon has (the
 *     observer's test), such as a JVM option naming the run's spool
 */
public record ServiceShape(
    String clusterLines,
    BiFunction<ClusterPaths, Network, String> services,
    Function<ClusterPaths, String> daemonMarker) {}
