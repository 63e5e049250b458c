package io.streamcluster.media.clusterapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every path of the cluster API, the one place they are written. Names inside a path (an edge's id,
 * a stream's name) are percent-encoded by the builders; the server reads them back decoded.
 */
public final class ClusterApiPaths {

  /** {@code GET}: the next edge as {@code host:rtmpPort} text (Red5 Pro-compatible). */
  public static final String NEXT_EDGE_ADDRESS = "/cluster";

  /** {@code GET ?stream=&policy=}: the next edge as JSON, with ready-made play URLs. */
  public static final String NEXT_EDGE = "/api/v1/edges/next";

  /** {@code GET}, signed: the origin's view of its streams and edges. */
  public static final String CLUSTER_VIEW = "/api/v1/cluster";

  /**
   * {@code PUT}, signed: the scaling loop's advice to the origin's rotation ({@link
   * RotationAdvice}).
   */
  public static final String ROTATION = "/api/v1/rotation";

  /** {@code GET} on an edge: the edge's own load, as it checks in. */
  public static final String EDGE_LOAD = "/api/v1/edge";

  /** The start of {@code GET /api/v1/streams/{name}}: whether a stream is live on this origin. */
  public static final String STREAMS = "/api/v1/streams/";

  /** The start of {@code POST /api/v1/edges/{id}/checkin} and {@code .../drain}, both signed. */
  public static final String EDGES = "/api/v1/edges/";

  /** The end of {@code POST /api/v1/edges/{id}/checkin}. */
  public static final String CHECK_IN = "/checkin";

  /** The end of {@code POST /api/v1/edges/{id}/drain}. */
  public static final String DRAIN = "/drain";

  private ClusterApiPaths() {}

  /** {@code /api/v1/streams/{name}}. */
  public static String stream(String name) {
    return STREAMS + segment(name);
  }

  /** {@code /api/v1/edges/{id}/checkin}. */
  public static String checkIn(String edgeId) {
    return EDGES + segment(edgeId) + CHECK_IN;
  }

  /** {@code /api/v1/edges/{id}/drain}. */
  public static String drain(String edgeId) {
    return EDGES + segment(edgeId) + DRAIN;
  }

  /** The name in a decoded {@code /api/v1/streams/{name}} path. */
  public static String streamName(String decodedPath) {
    return decodedPath.substring(STREAMS.length());
  }

  /** The id in a decoded {@code /api/v1/edges/{id}<action>} path ({@link #CHECK_IN}, ...). */
  public static String edgeId(String decodedPath, String action) {
    return decodedPath.substring(EDGES.length(), decodedPath.length() - action.length());
  }

  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
