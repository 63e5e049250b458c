package io.streamcluster.media.rtmp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** The RTMP pipeline: handshake (removes itself), chunk decoder and encoder, the session. */
public final class RtmpServerInitializer extends ChannelInitializer<SocketChannel> {

  private final RtmpContext context;

  public RtmpServerInitializer(RtmpContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast(
            "handshake",
            new RtmpHandshakeHandler(context.limits().handshakeTimeout(), context.metrics()))
        .addLast("chunkDecoder", new RtmpChunkDecoder(context.limits(), context.metrics()))
        .addLast("chunkEncoder", new RtmpChunkEncoder())
        .addLast("session", new RtmpSessionHandler(context));
  }
}
