package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.streamcluster.media.rtmp.RtmpChunkEncoder;
import io.streamcluster.media.rtmp.RtmpFrameFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaRouteTest {

  private static final String MEDIA = "media bytes that are already on the wire format";

  private final FrameFormat format = new RtmpFrameFormat(4096);
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void mediaGoesPastTheHandlersThatLetItPassStraightToTheSocket() {
    // A handler the protocol names as letting media pass, standing for its encoders.
    Tap passable = new Tap();
    EmbeddedChannel channel = channel(new RtmpChunkEncoder(), passable, new Session());

    MediaRoute route =
        MediaRoute.direct(channel, format, h -> h instanceof RtmpChunkEncoder || h == passable);
    writeMedia(route);

    assertThat(route.entry()).isNotSameAs(channel);
    assertThat(passable.seen).isEmpty();
    assertThat(readOutbound(channel)).isEqualTo(MEDIA);
  }

  @Test
  void anOutboundHandlerTheProtocolDoesNotNameSeesEveryMediaByte() {
    Tap nearHead = new Tap();
    Tap nearTail = new Tap();

    EmbeddedChannel headSide = channel(nearHead, new RtmpChunkEncoder(), new Session());
    writeMedia(MediaRoute.direct(headSide, format, RtmpChunkEncoder.class::isInstance));
    EmbeddedChannel tailSide = channel(new RtmpChunkEncoder(), nearTail, new Session());
    writeMedia(MediaRoute.direct(tailSide, format, RtmpChunkEncoder.class::isInstance));

    assertThat(nearHead.seen).containsExactly(MEDIA);
    assertThat(readOutbound(headSide)).isEqualTo(MEDIA);
    assertThat(nearTail.seen).containsExactly(MEDIA);
    assertThat(readOutbound(tailSide)).isEqualTo(MEDIA);
  }

  @Test
  void behindAnSslHandlerMediaIsNeverWrittenInTheClear() throws Exception {
    SslHandler tls =
        SslContextBuilder.forClient().build().newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT);
    Tap wire = new Tap();
    EmbeddedChannel channel = channel(wire, tls, new RtmpChunkEncoder(), new Session());

    MediaRoute.Entry entry = MediaRoute.entryPast(channel, RtmpChunkEncoder.class::isInstance);
    writeMedia(MediaRoute.direct(channel, format, RtmpChunkEncoder.class::isInstance));

    assertThat(entry.skipped()).hasSize(1).allMatch(RtmpChunkEncoder.class::isInstance);
    // Only TLS records (the ClientHello so far) reach the wire; the media waits, to be encrypted.
    assertThat(wire.seen).isNotEmpty().noneMatch(bytes -> bytes.contains("already on the wire"));
  }

  private EmbeddedChannel channel(io.netty.channel.ChannelHandler... handlers) {
    EmbeddedChannel channel = new EmbeddedChannel(handlers);
    channels.add(channel);
    return channel;
  }

  private static void writeMedia(MediaRoute route) {
    ByteBuf media = Unpooled.copiedBuffer(MEDIA, StandardCharsets.US_ASCII);
    route.entry().write(route.wrap().apply(media));
    route.entry().flush();
  }

  private static String readOutbound(EmbeddedChannel channel) {
    ByteBuf out = channel.readOutbound();
    try {
      return out.toString(StandardCharsets.US_ASCII);
    } finally {
      out.release();
    }
  }

  /** An outbound handler that notes the bytes written through it and passes them on. */
  private static final class Tap extends ChannelDuplexHandler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf bytes) {
        seen.add(new String(ByteBufUtil.getBytes(bytes), StandardCharsets.ISO_8859_1));
      }
      ctx.write(msg, promise);
    }
  }

  /** The protocol's own handler at the tail: inbound only. */
  private static final class Session extends ChannelInboundHandlerAdapter {}
}
