package io.streamcluster.media.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.flv.HttpFlvEndpoint;
import io.streamcluster.media.http.HttpLimits;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.http.HttpServerInitializer;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;

/**
 * The server's HTTP pipeline (codec, clocks, keep-alive, CORS, aggregator, router, the HTTP-FLV
 * endpoint) on any bytes: no exception escapes, memory stays within the request limits, nothing
 * leaks.
 */
class HttpRequestFuzzTest {

  private static final HttpLimits LIMITS = HttpLimits.builder().maxBodyBytes(16 << 10).build();

  /** One request's head and body, and the answers not yet read. */
  private static final long MAX_HELD =
      LIMITS.maxRequestLineBytes() + LIMITS.maxHeaderBytes() + 2L * LIMITS.maxBodyBytes() + 65536;

  @FuzzTest(maxDuration = "10s")
  void answersRequests(byte[] input) {
    MediaMetrics metrics = new MediaMetrics();
    StreamRegistry streams = new StreamRegistry(1 << 20, Duration.ZERO, metrics);
    HttpRoutes routes =
        new HttpRoutes()
            .exact(
                HttpMethod.GET,
                "/healthz",
                (ctx, req, uri) ->
                    HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, "ok\n", true))
            .exact(
                HttpMethod.POST,
                "/echo",
                (ctx, req, uri) ->
                    HttpResponses.send(
                        ctx.channel(),
                        HttpResponseStatus.OK,
                        req.content().readableBytes() + "\n",
                        true))
            .matching(
                HttpMethod.GET,
                HttpFlvEndpoint.PREFIX,
                HttpFlvEndpoint.SUFFIX,
                new HttpFlvEndpoint(
                    streams,
                    MediaLimits.DEFAULTS,
                    metrics,
                    () -> true,
                    StreamAccess.open(StreamTokens.Purpose.PLAY)));
    HttpServerInitializer http = new HttpServerInitializer(routes, LIMITS, metrics);
    try (FuzzedChannel client = new FuzzedChannel(MAX_HELD, new Installer(http))) {
      client.feed(input);
    }
  }

  /** Installs the server's pipeline on the embedded channel, as the listener does. */
  private static final class Installer extends ChannelInitializer<EmbeddedChannel> {
    private final HttpServerInitializer http;

    Installer(HttpServerInitializer http) {
      this.http = http;
    }

    @Override
    protected void initChannel(EmbeddedChannel ch) {
      ch.pipeline().addLast(http);
    }
  }
}
