package io.streamcluster.media.edge;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the origins that hold a stream by asking each one's cluster API (its internal port) {@code
 * GET /api/v1/streams/<name>}, signed: an origin with a publisher for it answers with the RTMP port
 * to pull from; any other answer (404, an error, no answer in time) counts as not there. All
 * origins are asked at once, asynchronously; the result keeps the configured order.
 */
final class HttpOriginLookup implements UpstreamOrigins {

  private final Map<URI, OriginAddress> httpOrigins = new LinkedHashMap<>();
  private final ClusterApiClient api;

  HttpOriginLookup(List<OriginAddress> httpOrigins, ClusterApiClient api) {
    if (httpOrigins.isEmpty()) {
      throw new IllegalArgumentException("no origins to look streams up on");
    }
    httpOrigins.forEach(o -> this.httpOrigins.put(api.originAt(o.toString()), o));
    this.api = api;
  }

  @Override
  public CompletableFuture<List<OriginAddress>> locate(String stream) {
    return api.lookupStream(List.copyOf(httpOrigins.keySet()), stream)
        .thenApply(
            live ->
                live.entrySet().stream()
                    .map(
                        answer ->
                            new OriginAddress(
                                httpOrigins.get(answer.getKey()).host(),
                                answer.getValue().rtmpPort()))
                    .toList());
  }

  @Override
  public String describe() {
    return "stream lookup on origins " + httpOrigins.values();
  }
}
