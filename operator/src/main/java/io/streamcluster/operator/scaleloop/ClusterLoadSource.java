package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.RotationAdvice;
import java.io.IOException;

/**
 * The origins' cluster API as the autoscaler needs it: read the edges' load, and take an edge out
 * of the rotation before its pod goes. The operator calls real origins over HTTP; tests use a fake.
 */
public interface ClusterLoadSource {

  /** The cluster as an origin sees it ({@code GET /api/v1/cluster}). */
  ClusterLoad read(OriginAccess origins) throws IOException;

  /**
   * Asks every origin to stop routing players to the edge ({@code POST /api/v1/edges/{id}/drain}).
   *
   * @return false when no origin knows the edge (it never checked in, or is long gone)
   */
  boolean drain(OriginAccess origins, String edgeId) throws IOException;

  /**
   * Tells every origin's rotation what the autoscaler knows ({@code PUT /api/v1/rotation}): the
   * target, the overflow, and the edges on their way.
   */
  void advise(OriginAccess origins, RotationAdvice advice) throws IOException;
}
