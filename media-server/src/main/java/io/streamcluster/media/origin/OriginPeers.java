package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The other origins of the cluster. Before an origin accepts a publisher it asks them whether the
 * name is already live there, so one name has one source cluster-wide. An unreachable peer does not
 * block publishing.
 */
public final class OriginPeers {

  private final List<URI> peers;
  private final ClusterApiClient api;

  /**
   * @param peers the other origins' {@code host:internalPort}
   * @param api signed with the cluster secret, over TLS when the origins speak it, with a short
   *     timeout: the publisher waits for the answers
   */
  public OriginPeers(List<String> peers, ClusterApiClient api) {
    this.peers = peers.stream().map(api::originAt).toList();
    this.api = api;
  }

  /**
   * The peer ({@code host:internalPort}) on which {@code stream} is live, if any. Never completes
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
