package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.util.Optional;

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
    return fromCrd(cluster, defaultImage, Optional.empty());
  }

  /**
   * @param tlsSecret the Secret {@code spec.tls.secretName} names, as seen now (empty while absent
   *     or without {@code spec.tls}): whether it has a {@code ca.crt} for edges to verify origins
   */
  public static ClusterModel fromCrd(
      StreamCluster cluster, String defaultImage, Optional<Secret> tlsSecret) {
    MediaServerTls tls = MediaServerTls.fromCrd(cluster, tlsSecret);
    return new ClusterModel(
        ClusterSecretModel.fromCrd(cluster),
        OriginModel.fromCrd(cluster, defaultImage, tls),
        EdgeModel.fromCrd(cluster, defaultImage, tls));
  }

  public ClusterNames names() {
    return origin.names();
  }
}
