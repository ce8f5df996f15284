package io.hactl.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * This class lets the services of one agent that must fence the same node at the same time share
 * one fence call instead of each making its own: the first caller fences, the others wait for its
 * outcome. When an agent that owned twenty services dies, the node that takes them over fences it
 * once, not twenty times in parallel.
 *
 * <p>Only a call still in flight is shared; a finished outcome is never reused. A caller that joins
 * a call learns that the node was off when that call completed, which is after the caller asked:
 * the same guarantee its own call would have given (DESIGN rule 3). The wait is bounded by the
 * first caller's fence deadline.
 */
final class SharedFencing implements NodeFencing {
  private final NodeFencing delegate;
  private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

  SharedFencing(NodeFencing delegate) {
    this.delegate = delegate;
  }

  @Override
  public String fence(String node) throws FenceFailedException {
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> running = inFlight.putIfAbsent(node, mine);
    if (running != null) {
      return join(node, running);
    }
    try {
      String how = delegate.fence(node);
      inFlight.remove(node, mine);
      mine.complete(how);
      return how;
    } catch (Throwable e) {
      // Errors too: a call left in flight would make every later caller wait for it forever.
      inFlight.remove(node, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static String join(String node, CompletableFuture<String> running)
      throws FenceFailedException {
    try {
      return running.get() + " (one call shared by the services fencing " + node + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceFailedException("interrupted while waiting for the fence of " + node);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FenceFailedException f) {
        throw new FenceFailedException(f.getMessage());
      }
      throw new FenceFailedException(
          "the shared fence call of " + node + " failed: " + e.getCause());
    }
  }
}
