package io.hactl.resource;

/**
 * The result of monitoring a resource tree: healthy, or the first resource (in start order) that is
 * not running, and how.
 *
 * @param resource the unhealthy resource, or {@code null} when healthy
 * @param health {@link Health#RUNNING} when healthy, else that resource's health
 */
public record TreeHealth(String resource, Health health) {
  public static final TreeHealth HEALTHY = new TreeHealth(null, Health.RUNNING);

  public boolean healthy() {
    return resource == null;
  }

  /** "healthy", or the resource and its health, e.g. {@code "spool STOPPED"}. */
  public String describe() {
    return healthy() ? "healthy" : resource + " " + health;
  }
}
