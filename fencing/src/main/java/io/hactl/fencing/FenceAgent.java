package io.hactl.fencing;

/**
 * The fencing SPI: one call of one fence device against one node. An implementation runs the call
 * synchronously, bounded by the device's timeout (plus a short kill grace), and reports every
 * failure as an unsuccessful {@link FenceOutcome}, never as an exception. It does not retry, and it
 * does not decide what a failure means for the cluster: {@link NodeFencer} and its caller do.
 * Implementations are thread-safe.
 */
public interface FenceAgent {

  /** Runs the device's fencing action ({@code off} or {@code reboot}) against {@code node}. */
  default FenceOutcome fence(String node, FenceDevice device) {
    return run(node, device, device.fenceAction());
  }

  /**
   * Runs any action of the device ({@code status}, {@code monitor}, {@code on}, {@code list},
   * {@code metadata}, ...). {@code node} may be {@code null} for actions about the device itself.
   */
  FenceOutcome run(String node, FenceDevice device, FenceAction action);
}
