package io.streamcluster.operator.local;

/**
 * One row of the local status table.
 *
 * @param edges edges serving (not draining)
 * @param ready edges the origin has in rotation
 * @param draining edges draining away
 * @param subscribers players on ready edges
 * @param desired edges the autoscaler asks for
 * @param decision the autoscaler's reason
 * @param message the autoscaler's explanation
 */
public record LocalStatus(
    int edges,
    int ready,
    int draining,
    long subscribers,
    int desired,
    String decision,
    String message) {}
