package io.hactl.ownership;

/**
 * Proof that this node owns a service: the epoch (zxid of the ownership write, DESIGN rule 2) and
 * the breadcrumb as written, with the version the next write must expect.
 *
 * @param service service name
 * @param node this node
 * @param epoch the fencing token of this term
 * @param breadcrumb the breadcrumb as this owner last wrote it
 * @param breadcrumbVersion its ZooKeeper version after that write
 * @param unknownPrevious why the previous owner is unknown (the breadcrumb found was unreadable, so
 *     every node that may have run the service is to fence), or null when it was known
 */
public record Ownership(
    String service,
    String node,
    long epoch,
    Breadcrumb breadcrumb,
    int breadcrumbVersion,
    String unknownPrevious) {

  public Ownership(
      String service, String node, long epoch, Breadcrumb breadcrumb, int breadcrumbVersion) {
    this(service, node, epoch, breadcrumb, breadcrumbVersion, null);
  }

  public Ownership withBreadcrumb(Breadcrumb b, int version) {
    return new Ownership(service, node, epoch, b, version, unknownPrevious);
  }

  public Ownership withEpoch(long newEpoch, int version) {
    return new Ownership(service, node, newEpoch, breadcrumb, version, unknownPrevious);
  }
}
