package io.streamcluster.operator.scaleloop;

import io.streamcluster.operator.model.ClusterNames;
import io.streamcluster.operator.model.OriginModel;
import java.net.URI;
import java.util.List;

/**
 * Where the operator reaches a cluster's origins' cluster API, on their internal port. In a cluster
 * that is the origins' internal Service's DNS name (one origin) or each origin pod's name through
 * the headless Service; an operator running outside the cluster, or a test, maps them elsewhere.
 */
@FunctionalInterface
public interface OriginEndpoints {

  List<URI> origins(ClusterNames names, int originReplicas);

  /** The in-cluster DNS names, as the edges use them. */
  static OriginEndpoints serviceDns() {
    return (names, replicas) ->
        OriginModel.originAddresses(names, replicas).stream()
            .map(address -> URI.create("http://" + address))
            .toList();
  }
}
