package io.streamcluster.media.edge;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Says which origins to try, in order, for a stream; the answers are RTMP addresses. */
public interface OriginLocator {

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
  static OriginLocator fixed(List<OriginAddress> rtmpOrigins) {
    List<OriginAddress> origins = List.copyOf(rtmpOrigins);
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("no origins to pull from");
    }
    return new OriginLocator() {
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
   * Asks each origin's HTTP API ({@code host:httpPort}) whether it holds the stream and tries the
   * ones that do, in the order given.
   */
  static OriginLocator httpLookup(List<OriginAddress> httpOrigins, Duration timeout) {
    return new HttpOriginLookup(
        httpOrigins, HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
  }
}
