package io.streamcluster.operator.surge;

import java.time.Duration;
import java.util.List;

/**
 * What one policy did with one surge: the viewers it turned away or kept waiting, how full the
 * edges got, and what it cost in edge-minutes beside an oracle that knows the future.
 *
 * @param refusedViewers viewers answered 503 at least once
 * @param refusals 503 answers in all (a viewer who comes back and is refused again counts again)
 * @param heldViewers viewers whose request the origin held until an edge had room
 * @param waitedViewers viewers who got an edge later than they asked (held or refused first)
 * @param maxWaitSeconds the longest any viewer waited for an edge
 * @param waitSeconds viewer-seconds of waiting, summed
 * @param gaveUp viewers who waited longer than the patience and left
 * @param peakPerEdge the most subscribers any edge carried
 * @param peakEdges the most edge pods at once (starting, ready or draining)
 * @param edgeMinutes edge pods × minutes over the whole run (starting ones count: they cost)
 * @param oracleEdgeMinutes what edges ready exactly when needed, at the target, would have cost
 * @param eventEdgeMinutes edge-minutes until the viewers start to leave: what scaling up cost,
 *     without the scale-in (the same for every policy: HPA's 300 s window, then the drain)
 * @param eventOracleEdgeMinutes the oracle's over the same time
 * @param timeline one sample a second, for the plots
 */
record SurgeResult(
    String curve,
    String startup,
    Duration syncPeriod,
    String policy,
    long refusedViewers,
    long refusals,
    long heldViewers,
    long waitedViewers,
    double maxWaitSeconds,
    double waitSeconds,
    long gaveUp,
    int peakPerEdge,
    int peakEdges,
    double edgeMinutes,
    double oracleEdgeMinutes,
    double eventEdgeMinutes,
    double eventOracleEdgeMinutes,
    List<Sample> timeline) {

  /** Edge-minutes beyond the oracle's, as a share of the oracle's. */
  double overOracle() {
    return edgeMinutes / oracleEdgeMinutes - 1;
  }

  /** Edge-minutes until the viewers start leaving beyond the oracle's, as a share of its. */
  double eventOverOracle() {
    return eventEdgeMinutes / eventOracleEdgeMinutes - 1;
  }

  /**
   * One second of the run.
   *
   * @param viewers viewers who want to watch
   * @param subscribers viewers on an edge
   * @param waiting viewers held or waiting to retry
   * @param readyEdges edges in the rotation (checked in, not draining)
   * @param edges edge pods asked for (starting or ready)
   * @param refusals 503 answers within this second
   */
  record Sample(
      int second,
      double viewers,
      long subscribers,
      long waiting,
      int readyEdges,
      int edges,
      long refusals) {}
}
