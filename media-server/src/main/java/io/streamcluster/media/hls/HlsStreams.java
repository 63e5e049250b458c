package io.streamcluster.media.hls;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The streams this server packages as HLS, each on one event loop: a playlist request for a stream
 * starts its packager, which stops on its own when requests stop. Thread-safe.
 */
public final class HlsStreams implements AutoCloseable {

  private final ConcurrentHashMap<String, HlsStream> streams = new ConcurrentHashMap<>();
  private final EventLoopGroup loops;
  private final StreamRegistry registry;
  private final HlsSettings settings;
  private final MediaMetrics metrics;
  private final BooleanSupplier admitsPlayers;

  /**
   * @param admitsPlayers false while the server takes no new players (full or draining)
   */
  public HlsStreams(
      EventLoopGroup loops,
      StreamRegistry registry,
      HlsSettings settings,
      MediaMetrics metrics,
      BooleanSupplier admitsPlayers) {
    this.loops = loops;
    this.registry = registry;
    this.settings = settings;
    this.metrics = metrics;
    this.admitsPlayers = admitsPlayers;
  }

  /** Hands a request to its stream's loop; only a playlist request starts a packager. */
  void dispatch(HlsRequest request) {
    HlsStream stream = streams.get(request.stream());
    if (stream == null) {
      HlsUris.Kind kind = request.resource().kind();
      if (kind != HlsUris.Kind.MULTIVARIANT && kind != HlsUris.Kind.MEDIA) {
        HlsResponses.text(
            request.channel(),
            HttpResponseStatus.NOT_FOUND,
            "stream '" + request.stream() + "' is not being packaged here",
            request.keepAlive());
        return;
      }
      HlsStream created =
          new HlsStream(request.stream(), loops.next(), this, registry, settings, metrics);
      stream = streams.putIfAbsent(request.stream(), created);
      if (stream == null) {
        stream = created;
        created.start();
      }
    }
    HlsStream target = stream;
    target.loop().execute(() -> target.serve(request));
  }

  boolean admitsPlayers() {
    return admitsPlayers.getAsBoolean();
  }

  void refused() {
    metrics.refused("full");
  }

  void remove(String name, HlsStream stream) {
    streams.remove(name, stream);
  }

  /** How many streams are packaged now. */
  public int packagedStreams() {
    return streams.size();
  }

  /** Stops every packager (the server is stopping). */
  @Override
  public void close() {
    for (HlsStream stream : List.copyOf(streams.values())) {
      if (!stream.loop().isShuttingDown()) {
        stream
            .loop()
            .submit(() -> stream.stop("the server is stopping"))
            .awaitUninterruptibly(2000);
      }
    }
  }
}
