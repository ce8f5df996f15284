package io.hactl.resource;

/** A resource action failed or passed its deadline; the message is for operators. */
public class ResourceException extends Exception {
  private final String resource;

  public ResourceException(String resource, String message) {
    super(resource + ": " + message);
    this.resource = resource;
  }

  public ResourceException(String resource, String message, Throwable cause) {
    super(resource + ": " + message, cause);
    this.resource = resource;
  }

  public String resource() {
    return resource;
  }
}
