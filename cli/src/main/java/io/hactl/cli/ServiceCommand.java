package io.hactl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What the commands that act on one service and wait for the outcome share: how to reach the
 * cluster, the service, and how long to wait.
 */
abstract class ServiceCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Mixin WaitOptions wait;
}
