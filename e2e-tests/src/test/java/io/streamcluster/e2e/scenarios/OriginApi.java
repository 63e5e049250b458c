package io.streamcluster.e2e.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.clusterapi.ClusterSecret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The origin's cluster API as a mobile client or a tool on the host calls it. */
final class OriginApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HostEndpoint http;
  private final HostEndpoint internal;
  private final ClusterSecret secret;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param http the origin's public HTTP port: {@code /cluster}, open to players
   * @param internal the origin's internal port: the cluster API
   * @param secret the StreamCluster's cluster secret, which signs the calls to {@code /api/v1/...}
   *     as the operator signs them
   */
  OriginApi(HostEndpoint http, HostEndpoint internal, ClusterSecret secret) {
    this.http = http;
    this.internal = internal;
    this.secret = secret;
  }

  /** {@code GET /cluster}: {@code host:rtmpPort} of the next edge. */
  String nextEdge() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/cluster");
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET /cluster answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().strip();
  }

  /**
   * {@code GET /api/v1/edges/next?stream=}: the next edge as JSON with ready-made play URLs, as a
   * web or mobile player asks for it.
   */
  JsonNode nextEdgeFor(String stream) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/edges/next?stream=" + stream);
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET /api/v1/edges/next answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** {@code GET /cluster}'s status code: 503 while no edge is in the rotation. */
  int clusterStatus() throws IOException, InterruptedException {
    return get("/cluster").statusCode();
  }

  List<String> nextEdges(int count) throws IOException, InterruptedException {
    List<String> edges = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      edges.add(nextEdge());
    }
    return edges;
  }

  /** {@code GET /api/v1/cluster}: origins, streams and every edge with its state and load. */
  JsonNode cluster() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/cluster");
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET /api/v1/cluster answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * The addresses ({@code host:rtmpPort}, as {@code /cluster} hands them out) of the edges in state
   * {@code ready} in the cluster view.
   */
  List<String> readyEdgeAddresses() throws IOException, InterruptedException {
    List<String> addresses = new ArrayList<>();
    for (JsonNode edge : cluster().path("edges")) {
      if ("ready".equals(edge.path("state").asText())) {
        addresses.add(edge.path("host").asText() + ":" + edge.path("rtmpPort").asInt());
      }
    }
    return addresses;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    // /api/v1/edges/next is the players' own: public, and called without the secret
    boolean clusterApi = path.startsWith("/api/") && !path.startsWith(ClusterApiPaths.NEXT_EDGE);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create((clusterApi ? internal : http).httpUrl(path)))
            .timeout(Duration.ofSeconds(10));
    if (clusterApi) {
      request.header("Authorization", secret.sign("GET", path, new byte[0]));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
