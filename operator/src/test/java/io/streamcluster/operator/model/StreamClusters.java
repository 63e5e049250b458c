package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;

/** StreamClusters as the API server stores them (defaults filled in, a uid), for unit tests. */
public final class StreamClusters {

  private StreamClusters() {}

  public static StreamCluster named(String name, String namespace) {
    StreamCluster cluster = new StreamCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("0b0e5c1a-5c1a-4c1a-8c1a-" + "000000000001")
            .withGeneration(1L)
            .build());
    return cluster;
  }
}
