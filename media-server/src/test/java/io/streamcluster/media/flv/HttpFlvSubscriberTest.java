package io.streamcluster.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.http.HttpLimits;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.http.HttpServerInitializer;
import io.streamcluster.media.stream.MediaFrame;
import io.streamcluster.media.stream.MediaRoute;
import io.streamcluster.media.stream.PlaybackCounters;
import io.streamcluster.media.stream.Publication;
import io.streamcluster.media.stream.StreamBusyException;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpFlvSubscriberTest {

  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private final List<Publication> publications = new ArrayList<>();

  @AfterEach
  void close() {
    publications.forEach(Publication::close);
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void aPlayerGetsAChunkedFlvResponseWhetherItsMediaSkipsTheCodecOrNot() throws Exception {
    EmbeddedChannel pastCodec =
        channel(
            new HttpServerCodec(),
            new HttpServerKeepAliveHandler(),
            new HttpObjectAggregator(1024),
            new Router());
    // An outbound handler between the codec and the tail sees every write: media then goes
    // through the codec, which makes the chunks.
    Tap afterCodec = new Tap();
    EmbeddedChannel throughCodec =
        channel(
            new HttpServerCodec(),
            afterCodec,
            new HttpServerKeepAliveHandler(),
            new HttpObjectAggregator(1024),
            new Router());

    List<Long> skipping = flvTimestamps(responseBody(play(pastCodec)));
    List<Long> chunkedByCodec = flvTimestamps(responseBody(play(throughCodec)));

    assertThat(skipping).containsExactly(0L, 0L, 40L, 63L, 80L);
    assertThat(chunkedByCodec).isEqualTo(skipping);
    assertThat(afterCodec.httpContents).isGreaterThan(2);
  }

  @Test
  void behindAnOutboundHandlerAtTheHeadEveryByteOfThePlayerPassesThroughIt() throws Exception {
    // Where TLS's SslHandler sits: before the codec, next to the socket.
    Tap tlsStandIn = new Tap();
    EmbeddedChannel channel =
        channel(
            tlsStandIn,
            new HttpServerCodec(),
            new HttpServerKeepAliveHandler(),
            new HttpObjectAggregator(1024),
            new Router());

    ByteBuf wire = play(channel);

    assertThat(tlsStandIn.bytes).isEqualTo(wire.readableBytes());
    assertThat(flvTimestamps(responseBody(wire))).containsExactly(0L, 0L, 40L, 63L, 80L);
  }

  @Test
  void inTheServersHttpPipelineMediaIsWrittenPastTheCodecAsReadyMadeChunks() {
    EmbeddedChannel server =
        channel(new HttpServerInitializer(new HttpRoutes(), HttpLimits.DEFAULTS, reason -> {}));

    MediaRoute route =
        new HttpFlvSubscriber(server, MediaLimits.DEFAULTS, PlaybackCounters.NONE)
            .route(FlvTagFormat.INSTANCE);

    // Past the keep-alive, CORS and request-timeout handlers, which only look at responses, and
    // the codec: the next outbound handler is whatever is in front of the codec (TLS, the bound).
    assertThat(route.format()).isSameAs(HttpChunkedFlvFormat.INSTANCE);
    assertThat(route.entry()).isSameAs(server.pipeline().context(HttpServerCodec.class));
  }

  /**
   * A stream with a header and a keyframe cached, a player that joins, then three frames in one
   * batch; returns every byte the player's channel wrote.
   */
  private ByteBuf play(EmbeddedChannel channel) throws StreamBusyException {
    StreamRegistry registry = new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
    Publication publication = registry.publish("cam", channel.eventLoop(), "test");
    publications.add(publication);
    publish(publication, videoHeader(0), keyframe(0));
    new HttpFlvSubscriber(channel, MediaLimits.DEFAULTS, PlaybackCounters.NONE)
        .attachIfAdmitted(registry, "cam", () -> true);
    channel.runPendingTasks();
    publish(publication, interframe(40), audio(63), interframe(80));
    channel.runPendingTasks();
    ByteBuf wire = Unpooled.buffer();
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      wire.writeBytes(out);
      out.release();
    }
    return wire;
  }

  private static void publish(Publication publication, MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      publication.onMedia(frame.kind(), frame.timestamp(), frame.payload().retain());
      frame.release();
    }
    publication.flush();
  }

  /** What an HTTP client makes of the bytes: the response's body, de-chunked. */
  private static ByteBuf responseBody(ByteBuf wire) {
    EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
    client.writeInbound(wire);
    ByteBuf body = Unpooled.buffer();
    for (Object in; (in = client.readInbound()) != null; ) {
      if (in instanceof HttpResponse response) {
        assertThat(response.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
      }
      if (in instanceof HttpContent content) {
        body.writeBytes(content.content());
        content.release();
      }
    }
    client.finishAndReleaseAll();
    return body;
  }

  /** The timestamps of the FLV tags after the file header, each followed by its size. */
  private static List<Long> flvTimestamps(ByteBuf flv) {
    try {
      List<Long> timestamps = new ArrayList<>();
      flv.skipBytes(FlvFileHeader.BYTES + FlvTagHeader.PREVIOUS_TAG_SIZE_BYTES);
      while (flv.isReadable()) {
        int start = flv.readerIndex();
        timestamps.add((long) flv.getUnsignedMedium(start + 4));
        int size = flv.getUnsignedMedium(start + 1);
        flv.skipBytes(FlvTagHeader.BYTES + size);
        assertThat(flv.readInt()).isEqualTo(FlvTagHeader.BYTES + size);
      }
      return timestamps;
    } finally {
      flv.release();
    }
  }

  private EmbeddedChannel channel(ChannelHandler... handlers) {
    EmbeddedChannel channel = new EmbeddedChannel(handlers);
    channels.add(channel);
    return channel;
  }

  private static MediaFrame videoHeader(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x17, 0x00, 0, 0, 0, 1, 0x64));
  }

  private static MediaFrame keyframe(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x17, 0x01, 0, 0, 0, 0x65, 1, 2, 3));
  }

  private static MediaFrame interframe(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x27, 0x01, 0, 0, 0, 0x41, 4, 5));
  }

  private static MediaFrame audio(long ts) {
    return MediaFrame.of(MediaFrame.Kind.AUDIO, ts, bytes(0xAF, 0x01, 0x21, 0x22));
  }

  private static ByteBuf bytes(int... values) {
    ByteBuf buf = Unpooled.buffer(values.length);
    for (int value : values) {
      buf.writeByte(value);
    }
    return buf;
  }

  /** An outbound handler that counts what is written through it and passes it on. */
  private static final class Tap extends ChannelDuplexHandler {
    int httpContents;
    long bytes;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpContent) {
        httpContents++;
      } else if (msg instanceof ByteBuf buf) {
        bytes += buf.readableBytes();
      }
      ctx.write(msg, promise);
    }
  }

  /** Stands for the HTTP router at the tail: inbound only. */
  private static final class Router extends ChannelInboundHandlerAdapter {}
}
