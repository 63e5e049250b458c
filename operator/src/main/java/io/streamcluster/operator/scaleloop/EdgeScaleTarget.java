package io.streamcluster.operator.scaleloop;

import java.util.Set;

/** The edges of one cluster as the platform runs them: in Kubernetes, the edge pods. */
public interface EdgeScaleTarget {

  /** The names of the edge pods that exist and are not terminating (edge ids are pod names). */
  Set<String> edgePods();

  /** Makes this pod the first the platform removes when the edges scale in. */
  void preferForRemoval(String pod);

  /** Sets the number of edges. */
  void scale(int edges);
}
