package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import java.net.URI;
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

  /** Short: the publisher waits for the answers. */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final List<URI> peers;
  private final ClusterApiClient api = new ClusterApiClient(TIMEOUT);

  /**
   * @param peers the other origins' {@code host:httpPort}
   */
  public OriginPeers(List<String> peers) {
    this.peers = peers.stream().map(ClusterApiClient::origin).toList();
  }

  /**
   * The peer ({@code host:httpPort}) on which {@code stream} is live, if any. Never completes
   * exceptionally.
   */
  public CompletableFuture<Optional<String>> whereLive(String stream) {
    if (peers.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return api.lookupStream(peers, stream)
        .thenApply(live -> live.keySet().stream().findFirst().map(URI::getAuthority));
  }
}
