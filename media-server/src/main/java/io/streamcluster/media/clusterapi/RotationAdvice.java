package io.streamcluster.media.clusterapi;

import java.time.Instant;

/**
 * {@code PUT /api/v1/rotation}, signed: what the scaling loop tells every origin at each sync, so
 * that the rotation knows what the autoscaler knows. Without advice an origin fills each edge to
 * its capacity in turn and answers 503 when all are full, as before.
 *
 * @param targetSubscribersPerEdge the load per edge the autoscaler aims at: the rotation hands out
 *     edges below it first; 0 for none
 * @param overflowToCapacity once every edge carries the target, whether edges take viewers beyond
 *     it up to their capacity (else viewers wait for new edges)
 * @param holdSeconds how long a viewer's request may wait for an edge with room when every edge is
 *     full and the cluster can still grow; 0 never holds. While edges are on their way the hold
 *     lasts until the first should have checked in and {@code holdSeconds} more, never longer in
 *     all than the origin's maximum hold (60 s)
 * @param pendingEdges edges the autoscaler asked for that have not checked in yet
 * @param firstEdgeExpected when the first of them should check in; null when none is pending
 * @param edgesBelowMax how many more edges the autoscaler may still ask for before it reaches its
 *     {@code maxEdges}: while above 0 a viewer who finds every edge full is held even before any
 *     edge was asked for (the next sync will ask); 0 at the maximum, and from a scaling loop that
 *     does not say (then only edges on their way make the origin hold)
 */
public record RotationAdvice(
    long targetSubscribersPerEdge,
    boolean overflowToCapacity,
    int holdSeconds,
    int pendingEdges,
    Instant firstEdgeExpected,
    int edgesBelowMax) {

  /** What an origin does before any advice: no target, no hold, no edges expected. */
  public static final RotationAdvice NONE = new RotationAdvice(0, true, 0, 0, null, 0);
}
