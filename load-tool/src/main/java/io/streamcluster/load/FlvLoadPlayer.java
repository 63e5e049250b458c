package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One HTTP-FLV player: sends the GET, then counts bytes and finds tags with a skipping parser. Each
 * buffer read from the socket is scanned in place and released.
 */
final class FlvLoadPlayer extends ChannelInboundHandlerAdapter {

  private final SubscriberStats stats;
  private final byte[] request;
  private final HttpFlvResponseScanner scanner;

  FlvLoadPlayer(SubscriberStats stats, String host, int port, String path) {
    this.stats = stats;
    this.request = HttpFlvResponseScanner.requestBytes(host, port, path);
    this.scanner = new HttpFlvResponseScanner(stats);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stats.onConnected();
    ByteBuf out = ctx.alloc().buffer(request.length);
    out.writeBytes(request);
    ctx.writeAndFlush(out);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      stats.onBytes(in.readableBytes(), System.nanoTime());
      if (!scanner.scan(in)) {
        stats.onFailure(scanner.failure());
        ctx.close();
      } else if (scanner.done()) {
        stats.onFailure("server ended the stream");
        ctx.close();
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stats.onFailure("connection closed by the server");
    stats.onDisconnected();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stats.onFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    ctx.close();
  }
}
