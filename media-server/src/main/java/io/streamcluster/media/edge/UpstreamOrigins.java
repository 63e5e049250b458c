package io.streamcluster.media.edge;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The origins an edge may pull a stream from: which to try, in order. The answers are RTMP
 * addresses.
 */
public interface UpstreamOrigins {

  /**
   * The origins that may hold {@code stream}, best first; empty when none has it. May complete on
   * any thread, including the caller's.
   */
  CompletableFuture<List<OriginAddress>> locate(String stream);

  /** A description for the logs, e.g. the origins it asks. */
  String describe();

  /**
   * Tries the given RTMP addresses in order: an origin that does not have the stream answers the
   * play with not found, and the next one is tried.
   */
  static UpstreamOrigins fixed(List<OriginAddress> rtmpOrigins) {
    List<OriginAddress> origins = List.copyOf(rtmpOrigins);
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("no origins to pull from");
    }
    return new UpstreamOrigins() {
      @Override
      public CompletableFuture<List<OriginAddress>> locate(String stream) {
        return CompletableFuture.completedFuture(origins);
      }

      @Override
      public String describe() {
        return "RTMP origins " + origins;
      }
    };
  }

  /**
   * Asks each origin's cluster API ({@code host:internalPort}) whether it holds the stream and
   * tries the ones that do, in the order given.
   *
   * @param api signed with the cluster secret (the lookup is an authenticated call), over TLS when
   *     the origins speak it; its timeout is how long each origin has to answer
   */
  static UpstreamOrigins httpLookup(List<OriginAddress> apiOrigins, ClusterApiClient api) {
    return new HttpOriginLookup(apiOrigins, api);
  }
}
