package io.streamcluster.operator.local;

/**
 * One row of the local status table.
 *
 * @param edges edges serving (not draining)
 * @param ready edges the origin has in rotation
 * @param draining edges draining away
 * @param subscribers players on the edges that are not gone, as the scaling loop counted them
 * @param desired edges the scaling loop asks for
 * @param joinRate viewers joining per second, as the loop measured it
 * @param refused viewers the origin turned away since it started (every edge full)
 * @param decision the reason of the loop's last decision
 * @param message its explanation, and what kept the loop from carrying it out, if anything did
 */
public record LocalStatus(
    int edges,
    int ready,
    int draining,
    long subscribers,
    int desired,
    double joinRate,
    long refused,
    String decision,
    String message) {}
