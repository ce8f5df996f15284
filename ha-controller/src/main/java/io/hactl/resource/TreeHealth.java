package io.hactl.resource;

/**
 * The result of monitoring a resource tree: healthy, or the first resource (in start order) that is
 * not running, and how.
 *
 * @param resource the unhealthy resource, or {@code null} when healthy
 * @param health {@link Health#RUNNING} when healthy, else that resource's health
 * @param severity how far the failure reaches ({@link Severity#SOFT} when healthy)
 */
public record TreeHealth(String resource, Health health, Severity severity) {
  public static final TreeHealth HEALTHY = new TreeHealth(null, Health.RUNNING);

  /** A soft result. */
  public TreeHealth(String resource, Health health) {
    this(resource, health, Severity.SOFT);
  }

  public boolean healthy() {
    return resource == null;
  }

  /**
   * "healthy", or the resource and its health, e.g. {@code "spool STOPPED"}, with a non-soft
   * severity appended: {@code "vip FAILED (HARD)"}.
   */
  public String describe() {
    if (healthy()) {
      return "healthy";
    }
    return resource + " " + health + (severity == Severity.SOFT ? "" : " (" + severity + ")");
  }
}
