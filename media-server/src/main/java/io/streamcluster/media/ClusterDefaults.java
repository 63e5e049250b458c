package io.streamcluster.media;

/**
 * The defaults that the media server, the {@code StreamCluster} model and the operator share,
 * written once. Compile-time constants, so that annotation values ({@code @Default}, picocli's
 * {@code defaultValue}) can be built from them and the CRD model needs this class only when it is
 * compiled.
 */
public final class ClusterDefaults {

  /** RTMP: publish and play. */
  public static final int RTMP_PORT = 1935;

  /** HTTP: HTTP-FLV, the cluster API, {@code /metrics}, {@code /healthz}, {@code /readyz}. */
  public static final int HTTP_PORT = 5080;

  /** RTMPS: RTMP over TLS, with TLS configured. */
  public static final int RTMPS_PORT = 1936;

  /** HTTPS: what the HTTP port serves, over TLS, with TLS configured. */
  public static final int HTTPS_PORT = 5443;

  /** Players one edge accepts at most; a full edge leaves the rotation. */
  public static final int MAX_SUBSCRIBERS_PER_EDGE = 2000;

  /** The subscribers per edge the autoscaler aims at. */
  public static final int TARGET_SUBSCRIBERS_PER_EDGE = 1500;

  /** How long a draining edge waits for its players to leave. */
  public static final int DRAIN_TIMEOUT_SECONDS = 600;

  /** How often an edge checks in with each origin. */
  public static final int CHECK_IN_INTERVAL_MILLIS = 2000;

  /** How long an origin keeps a silent edge in the rotation. */
  public static final int EDGE_TTL_SECONDS = 6;

  /** How long an edge keeps pulling a stream nobody plays. */
  public static final int UPSTREAM_GRACE_SECONDS = 5;

  private ClusterDefaults() {}
}
