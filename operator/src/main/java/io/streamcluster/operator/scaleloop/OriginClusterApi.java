package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.cluster.ClusterJson;
import io.streamcluster.media.cluster.EdgeView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@link ClusterLoadSource} over the origins' HTTP cluster API, signed with the cluster secret. */
public final class OriginClusterApi implements ClusterLoadSource {

  static final String CLUSTER_PATH = "/api/v1/cluster";
  private static final byte[] NO_BODY = new byte[0];

  private final HttpClient http;
  private final Duration timeout;

  public OriginClusterApi(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The body of {@code GET /api/v1/cluster}, as far as the autoscaler reads it. */
  record ClusterView(List<EdgeView> edges, Long subscribers) {}

  @Override
  public ClusterLoad read(OriginAccess access) throws IOException {
    IOException failure = null;
    // every origin knows every edge: the first that answers will do
    for (URI origin : access.origins()) {
      try {
        HttpResponse<byte[]> response = send(access, origin, "GET", CLUSTER_PATH);
        if (response.statusCode() != 200) {
          throw new IOException(
              "GET " + origin.resolve(CLUSTER_PATH) + " answered " + response.statusCode());
        }
        ClusterView view = ClusterJson.MAPPER.readValue(response.body(), ClusterView.class);
        List<EdgeView> edges = view.edges() == null ? List.of() : view.edges();
        long subscribers =
            view.subscribers() != null
                ? view.subscribers()
                : edges.stream().mapToLong(EdgeView::subscribers).sum();
        return new ClusterLoad(edges, subscribers);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  @Override
  public boolean drain(OriginAccess access, String edgeId) throws IOException {
    String path = "/api/v1/edges/" + edgeId + "/drain";
    boolean known = false;
    IOException failure = null;
    for (URI origin : access.origins()) {
      try {
        HttpResponse<byte[]> response = send(access, origin, "POST", path);
        if (response.statusCode() == 200) {
          known = true;
        } else if (response.statusCode() != 404) {
          throw new IOException(
              "POST " + origin.resolve(path) + " answered " + response.statusCode());
        }
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (!known && failure != null) {
      throw failure;
    }
    return known;
  }

  private HttpResponse<byte[]> send(OriginAccess access, URI origin, String method, String path)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(origin.resolve(path))
            .timeout(timeout)
            .header("Authorization", access.secret().sign(method, path, NO_BODY))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + request.uri(), e);
    }
  }
}
