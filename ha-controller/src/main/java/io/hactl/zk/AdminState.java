package io.hactl.zk;

/**
 * What operators asked of a service ({@code ROOT/services/SVC/admin}): enabled or not, and a
 * pending relocation. Written by commands, read by every agent.
 *
 * @param enabled overrides the configuration's {@code enabled} when not null
 * @param relocation pending relocation request, or null
 */
public record AdminState(Boolean enabled, RelocationRequest relocation) {
  public static final AdminState NONE = new AdminState(null, null);

  public AdminState withEnabled(boolean e) {
    return new AdminState(e, relocation);
  }

  public AdminState withRelocation(RelocationRequest r) {
    return new AdminState(enabled, r);
  }

  /**
   * A relocation request.
   *
   * @param id unique id, so the command can tell its own request was carried out
   * @param from the owner when the request was made
   * @param to target node, or null for "the next eligible node"
   * @param requestedAtMillis wall-clock time of the request
   */
  public record RelocationRequest(String id, String from, String to, long requestedAtMillis) {}
}
