package io.streamcluster.operator.scaling;

import io.streamcluster.operator.model.ClusterNames;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the operator reaches a cluster's origins. In a cluster that is the origin Service's DNS
 * name (one origin) or each origin pod's name through the headless Service; an operator running
 * outside the cluster, or a test, maps them elsewhere.
 */
@FunctionalInterface
public interface OriginLocator {

  List<URI> origins(ClusterNames names, int originReplicas);

  /** The in-cluster DNS names, as the edges use them. */
  static OriginLocator serviceDns() {
    return (names, replicas) -> {
      if (replicas <= 1) {
        return List.of(URI.create("http://" + names.originHost() + ":" + ClusterNames.HTTP_PORT));
      }
      return IntStream.range(0, replicas)
          .mapToObj(
              i -> URI.create("http://" + names.originPodHost(i) + ":" + ClusterNames.HTTP_PORT))
          .toList();
    };
  }
}
