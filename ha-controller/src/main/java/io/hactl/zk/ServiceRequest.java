package io.hactl.zk;

/**
 * One operator request to the agents about a service, stored create-only as {@code
 * ROOT/services/SVC/requests/req-SEQ} (never rewritten: the creator ZooKeeper records in its ACL is
 * its only writer, see {@link io.hactl.zk.auth.RequestAuthors}). Agents answer under it ({@code
 * .../req-SEQ/NODE}, a {@link RequestAnswer}); the command that made it deletes it when it ends,
 * and agents ignore and delete it once {@code deadlineMillis} has passed, so no request outlives
 * its command.
 *
 * @param kind what is asked
 * @param from relocate/restart: the owner when the request was made ({@code ""} for {@code enable
 *     --on}); clear: unused
 * @param to relocate: the target node, or null for "the next eligible node"
 * @param node clear: the node whose failures and ban to clear, or null for every node
 * @param user the local user name the command ran as (a claim, for display; the authenticated
 *     creator is in the ACL)
 * @param requestedAtMillis wall-clock time of the request
 * @param deadlineMillis wall-clock time after which agents ignore and delete it
 */
public record ServiceRequest(
    Kind kind,
    String from,
    String to,
    String node,
    String user,
    long requestedAtMillis,
    long deadlineMillis) {

  /** What a request asks. */
  public enum Kind {
    /** Move the service off {@code from} (to {@code to} if given), by a clean release. */
    RELOCATE,
    /** Stop and start the service in place on its owner {@code from}; not a failure. */
    RESTART,
    /** Forget the failures and lift the bans of {@code node} (every node when null). */
    CLEAR
  }

  /** Whether the request's deadline has passed at {@code nowMillis}. */
  public boolean expired(long nowMillis) {
    return deadlineMillis <= nowMillis;
  }

  /** A short human description ("relocate from n1 to n2"). */
  public String describe() {
    return switch (kind) {
      case RELOCATE ->
          (from == null || from.isEmpty() ? "start" : "relocate from " + from)
              + (to == null ? "" : " on " + to);
      case RESTART -> "restart on " + from;
      case CLEAR -> "clear failures and bans of " + (node == null ? "every node" : node);
    };
  }
}
