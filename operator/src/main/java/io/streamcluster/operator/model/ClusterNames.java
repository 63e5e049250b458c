package io.streamcluster.operator.model;

import io.streamcluster.media.ClusterDefaults;

/**
 * The names of the objects a StreamCluster owns, and the in-cluster addresses derived from them.
 *
 * @param cluster the StreamCluster's name
 * @param namespace its namespace
 */
public record ClusterNames(String cluster, String namespace) {

  public static final int RTMP_PORT = ClusterDefaults.RTMP_PORT;
  public static final int HTTP_PORT = ClusterDefaults.HTTP_PORT;

  /** The media servers' internal port: metrics and the cluster API, never public. */
  public static final int INTERNAL_PORT = ClusterDefaults.INTERNAL_PORT;

  public String origin() {
    return cluster + "-origin";
  }

  public String originHeadless() {
    return cluster + "-origin-headless";
  }

  /** The ClusterIP Service of the origins' internal port, which edges and the operator call. */
  public String originInternal() {
    return cluster + "-origin-internal";
  }

  public String edge() {
    return cluster + "-edge";
  }

  /** The NetworkPolicy that guards the media servers' internal port. */
  public String networkPolicy() {
    return cluster + "-media-servers";
  }

  public String clusterSecret() {
    return cluster + "-cluster-secret";
  }

  /** The origin Service's DNS name. */
  public String originHost() {
    return origin() + "." + namespace + ".svc";
  }

  /** The origins' internal Service's DNS name. */
  public String originInternalHost() {
    return originInternal() + "." + namespace + ".svc";
  }

  /** One origin pod's stable DNS name, through the headless Service. */
  public String originPodHost(int ordinal) {
    return origin() + "-" + ordinal + "." + originHeadless() + "." + namespace + ".svc";
  }

  /** Where players ask for an edge: the origin's Red5 Pro-style {@code GET /cluster}. */
  public String clusterUrl() {
    return "http://" + originHost() + ":" + HTTP_PORT + "/cluster";
  }
}
