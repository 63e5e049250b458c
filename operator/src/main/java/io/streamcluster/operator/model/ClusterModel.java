package io.streamcluster.operator.model;

import io.streamcluster.api.v1alpha1.StreamCluster;

/**
 * A StreamCluster's spec, validated once and split into its parts, each of which generates its
 * Kubernetes objects without a client.
 */
public record ClusterModel(ClusterSecretModel secret, OriginModel origin, EdgeModel edges) {

  /**
   * @param defaultImage the media-server image for clusters that name none
   * @throws InvalidSpecException when the spec cannot be carried out
   */
  public static ClusterModel fromCrd(StreamCluster cluster, String defaultImage) {
    return new ClusterModel(
        ClusterSecretModel.fromCrd(cluster),
        OriginModel.fromCrd(cluster, defaultImage),
        EdgeModel.fromCrd(cluster, defaultImage));
  }

  public ClusterNames names() {
    return origin.names();
  }
}
