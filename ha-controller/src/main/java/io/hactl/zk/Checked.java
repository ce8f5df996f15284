package io.hactl.zk;

import java.util.Optional;

/**
 * What a checked read of one znode found: a valid value, or a corrupt node with its path and what
 * is wrong with it. Readers of hostile data return this instead of throwing, so that one bad znode
 * is reported (by path) and the rest of the cluster's data is still usable.
 *
 * @param <T> the document type
 */
public sealed interface Checked<T> {
  /** The znode's path. */
  String path();

  /** The node's mzxid (its version as ZooKeeper's transaction id), 0 when unknown. */
  long mzxid();

  /** The value, or empty when corrupt. */
  Optional<T> value();

  /** A valid document. */
  record Valid<T>(String path, long mzxid, T document) implements Checked<T> {
    @Override
    public Optional<T> value() {
      return Optional.of(document);
    }
  }

  /**
   * A znode whose content is not a valid document.
   *
   * @param problem what is wrong, never the content itself
   */
  record Corrupt<T>(String path, long mzxid, String problem) implements Checked<T> {
    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    /** {@code corrupt: PATH: PROBLEM}, for logs, status and the history. */
    @Override
    public String toString() {
      return "corrupt: " + path + ": " + problem;
    }
  }
}
