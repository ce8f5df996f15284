package io.hactl.resource;

/**
 * A resource action failed or passed its deadline; the message is for operators, the {@link
 * #severity} says whether recovery may retry here ({@link Severity#SOFT} unless the resource knows
 * better).
 */
public class ResourceException extends Exception {
  private final String resource;
  private final Severity severity;

  public ResourceException(String resource, String message) {
    this(resource, message, Severity.SOFT);
  }

  public ResourceException(String resource, String message, Throwable cause) {
    super(resource + ": " + message, cause);
    this.resource = resource;
    this.severity = Severity.SOFT;
  }

  public ResourceException(String resource, String message, Severity severity) {
    super(resource + ": " + message);
    this.resource = resource;
    this.severity = severity;
  }

  /** How far the failure reaches; {@link Severity#SOFT} for most. */
  public Severity severity() {
    return severity;
  }

  public String resource() {
    return resource;
  }
}
