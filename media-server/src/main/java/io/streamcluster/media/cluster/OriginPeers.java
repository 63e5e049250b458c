package io.streamcluster.media.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The other origins of the cluster. Before an origin accepts a publisher it asks them whether the
 * name is already live there, so one name has one source cluster-wide. An unreachable peer does not
 * block publishing.
 */
public final class OriginPeers {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final List<String> peers;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param peers the other origins' {@code host:httpPort}
   */
  public OriginPeers(List<String> peers) {
    this.peers = List.copyOf(peers);
  }

  /** The peer on which {@code stream} is live, if any. Never completes exceptionally. */
  public CompletableFuture<Optional<String>> whereLive(String stream) {
    if (peers.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    List<CompletableFuture<Optional<String>>> answers =
        peers.stream().map(peer -> ask(peer, stream)).toList();
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                answers.stream()
                    .map(CompletableFuture::join)
                    .flatMap(Optional::stream)
                    .findFirst());
  }

  private CompletableFuture<Optional<String>> ask(String peer, String stream) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + peer + "/api/v1/streams/" + stream))
            .timeout(TIMEOUT)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(
            response -> response.statusCode() == 200 ? Optional.of(peer) : Optional.<String>empty())
        .exceptionally(failure -> Optional.empty());
  }
}
