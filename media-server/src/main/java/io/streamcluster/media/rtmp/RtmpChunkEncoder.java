package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link RtmpMessage}s as chunks (see {@link RtmpChunks}). Raw {@link ByteBuf}s pass through
 * untouched: that is how media encoded once for many players goes out. The outbound chunk size
 * changes right after a Set Chunk Size message has been encoded, so the peer reads every later
 * chunk with the size it was just told.
 */
public final class RtmpChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

  private int chunkSize = RtmpChunks.DEFAULT_CHUNK_SIZE;

  public RtmpChunkEncoder() {
    super(RtmpMessage.class);
  }

  /** The chunk size used for the next message. */
  public int chunkSize() {
    return chunkSize;
  }

  @Override
  protected ByteBuf allocateBuffer(
      ChannelHandlerContext ctx, RtmpMessage msg, boolean preferDirect) {
    int length =
        RtmpChunks.encodedLength(
            msg.chunkStreamId(), msg.timestamp(), msg.payload().readableBytes(), chunkSize);
    return preferDirect ? ctx.alloc().ioBuffer(length) : ctx.alloc().heapBuffer(length);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RtmpMessage msg, ByteBuf out) {
    ByteBuf payload = msg.payload();
    RtmpChunks.encode(
        out,
        msg.chunkStreamId(),
        msg.typeId(),
        msg.timestamp(),
        msg.messageStreamId(),
        payload,
        chunkSize);
    if (msg.typeId() == RtmpMessageType.SET_CHUNK_SIZE && payload.readableBytes() >= 4) {
      int size = payload.getInt(payload.readerIndex()) & 0x7FFFFFFF;
      if (size > 0) {
        chunkSize = size;
      }
    }
  }
}
