package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.streamcluster.media.MediaLimits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles the chunks a peer sends into {@link RtmpMessage}s (RTMP specification, section 5.3).
 *
 * <p>The protocol control messages that govern the chunk layer are handled here and not passed on:
 * Set Chunk Size changes how the following chunks are read, Abort drops a chunk stream's partial
 * message, and Window Acknowledgement Size makes this decoder acknowledge every window of bytes it
 * reads. Every other message is passed on, its payload a buffer from the channel's allocator.
 *
 * <p>A peer that breaks the protocol or a {@link MediaLimits} bound is disconnected with one
 * warning naming the reason; partial messages are released and nothing is thrown down the pipeline.
 */
public final class RtmpChunkDecoder extends ByteToMessageDecoder {

  private static final Logger log = LoggerFactory.getLogger(RtmpChunkDecoder.class);

  /** Reassembly buffers start at most this big and grow with the bytes that actually arrive. */
  private static final int INITIAL_REASSEMBLY_CAPACITY = 16 * 1024;

  enum State {
    BASIC_HEADER,
    MESSAGE_HEADER,
    EXTENDED_TIMESTAMP,
    PAYLOAD,
    BAD
  }

  private final MediaLimits limits;
  private final Map<Integer, InboundChunkStream> chunkStreams = new HashMap<>();
  private State state = State.BASIC_HEADER;
  private int chunkSize = RtmpChunks.DEFAULT_CHUNK_SIZE;

  // the chunk being read
  private int fmt;
  private int csid;
  private InboundChunkStream current;
  private int chunkBytesLeft;

  private long bytesReceived;
  private long windowAckSize;
  private long bytesAcknowledged;

  public RtmpChunkDecoder(MediaLimits limits) {
    this.limits = limits;
  }

  /** The chunk size the peer currently sends with. */
  public int chunkSize() {
    return chunkSize;
  }

  /** The window the peer asked to be acknowledged after, or 0 before it asked. */
  public long windowAckSize() {
    return windowAckSize;
  }

  State state() {
    return state;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf bytes) {
      bytesReceived += bytes.readableBytes();
    }
    super.channelRead(ctx, msg);
    acknowledgeIfWindowFull(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (true) {
      boolean progressed =
          switch (state) {
            case BASIC_HEADER -> readBasicHeader(in);
            case MESSAGE_HEADER -> readMessageHeader(ctx, in);
            case EXTENDED_TIMESTAMP -> readExtendedTimestamp(ctx, in, out);
            case PAYLOAD -> readPayload(ctx, in, out);
            case BAD -> {
              in.skipBytes(in.readableBytes());
              yield false;
            }
          };
      if (!progressed) {
        return;
      }
    }
  }

  private boolean readBasicHeader(ByteBuf in) {
    if (!in.isReadable()) {
      return false;
    }
    int index = in.readerIndex();
    int first = in.getUnsignedByte(index);
    int id = first & 0x3F;
    int length = id == 0 ? 2 : id == 1 ? 3 : 1;
    if (in.readableBytes() < length) {
      return false;
    }
    fmt = first >>> 6;
    csid =
        switch (id) {
          case 0 -> 64 + in.getUnsignedByte(index + 1);
          case 1 -> 64 + in.getUnsignedByte(index + 1) + (in.getUnsignedByte(index + 2) << 8);
          default -> id;
        };
    in.skipBytes(length);
    state = State.MESSAGE_HEADER;
    return true;
  }

  private boolean readMessageHeader(ChannelHandlerContext ctx, ByteBuf in) {
    int length =
        switch (fmt) {
          case 0 -> 11;
          case 1 -> 7;
          case 2 -> 3;
          default -> 0;
        };
    if (in.readableBytes() < length) {
      return false;
    }
    InboundChunkStream stream = chunkStreams.get(csid);
    if (stream == null) {
      if (fmt != 0) {
        return fail(ctx, "type " + fmt + " chunk on chunk stream " + csid + " without a header");
      }
      if (chunkStreams.size() >= limits.maxChunkStreams()) {
        return fail(ctx, "more than " + limits.maxChunkStreams() + " chunk streams");
      }
      stream = new InboundChunkStream(csid);
      chunkStreams.put(csid, stream);
    }
    if (fmt != 3 && stream.partial != null) {
      return fail(
          ctx, "new message header on chunk stream " + csid + " before its message was complete");
    }
    if (fmt != 3) {
      long timestampField = in.readUnsignedMedium();
      if (fmt <= 1) {
        int messageLength = in.readUnsignedMedium();
        if (messageLength > limits.maxMessageSize()) {
          return fail(
              ctx,
              "message of "
                  + messageLength
                  + " bytes exceeds the limit of "
                  + limits.maxMessageSize());
        }
        stream.messageLength = messageLength;
        stream.typeId = in.readUnsignedByte();
      }
      if (fmt == 0) {
        stream.messageStreamId = in.readIntLE();
      }
      stream.extendedTimestamp = timestampField == RtmpChunks.EXTENDED_TIMESTAMP_MARK;
      if (!stream.extendedTimestamp) {
        stream.timestampField = timestampField;
      }
    }
    current = stream;
    state = State.EXTENDED_TIMESTAMP;
    return true;
  }

  private boolean readExtendedTimestamp(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    InboundChunkStream stream = current;
    boolean newMessage = stream.partial == null;
    if (stream.extendedTimestamp) {
      if (fmt != 3) {
        if (in.readableBytes() < 4) {
          return false;
        }
        stream.timestampField = in.readUnsignedInt();
      } else {
        if (stream.repeatsExtendedTimestamp == null) {
          // The specification repeats the field after type 3 headers, some encoders do not:
          // learn which kind this peer is from the first such chunk.
          if (in.readableBytes() < 4) {
            return false;
          }
          stream.repeatsExtendedTimestamp =
              isRepeatedTimestamp(stream, in.getUnsignedInt(in.readerIndex()), newMessage);
        }
        if (stream.repeatsExtendedTimestamp) {
          if (in.readableBytes() < 4) {
            return false;
          }
          in.skipBytes(4);
        }
      }
    }
    if (newMessage) {
      stream.timestamp =
          fmt == 0
              ? stream.timestampField
              : (stream.timestamp + stream.timestampField) & 0xFFFFFFFFL;
      if (stream.messageLength == 0) {
        out.add(
            new RtmpMessage(
                csid,
                stream.typeId,
                stream.timestamp,
                stream.messageStreamId,
                ctx.alloc().buffer(0)));
        state = State.BASIC_HEADER;
        return true;
      }
      stream.partial =
          ctx.alloc()
              .buffer(
                  Math.min(stream.messageLength, INITIAL_REASSEMBLY_CAPACITY),
                  stream.messageLength);
    }
    chunkBytesLeft = Math.min(chunkSize, stream.bytesMissing());
    state = State.PAYLOAD;
    return true;
  }

  private static boolean isRepeatedTimestamp(
      InboundChunkStream stream, long candidate, boolean newMessage) {
    long next = (stream.timestamp + stream.timestampField) & 0xFFFFFFFFL;
    return candidate == stream.timestampField
        || candidate == (newMessage ? next : stream.timestamp);
  }

  private boolean readPayload(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int length = Math.min(chunkBytesLeft, in.readableBytes());
    if (length == 0) {
      return false;
    }
    InboundChunkStream stream = current;
    stream.partial.writeBytes(in, length);
    chunkBytesLeft -= length;
    if (chunkBytesLeft > 0) {
      return false;
    }
    state = State.BASIC_HEADER;
    if (stream.bytesMissing() == 0) {
      RtmpMessage message =
          new RtmpMessage(
              csid, stream.typeId, stream.timestamp, stream.messageStreamId, stream.partial);
      stream.partial = null;
      return handle(ctx, message, out);
    }
    return true;
  }

  private boolean handle(ChannelHandlerContext ctx, RtmpMessage message, List<Object> out) {
    int type = message.typeId();
    if (type != RtmpMessageType.SET_CHUNK_SIZE
        && type != RtmpMessageType.ABORT
        && type != RtmpMessageType.WINDOW_ACK_SIZE) {
      out.add(message);
      return true;
    }
    ByteBuf payload = message.payload();
    if (payload.readableBytes() < 4) {
      message.release();
      return fail(ctx, RtmpMessageType.name(type) + " message shorter than 4 bytes");
    }
    long value = payload.getUnsignedInt(payload.readerIndex());
    message.release();
    switch (type) {
      case RtmpMessageType.SET_CHUNK_SIZE -> {
        if (value < 1 || value > limits.maxIncomingChunkSize()) {
          return fail(ctx, "chunk size " + value + " outside 1.." + limits.maxIncomingChunkSize());
        }
        chunkSize = (int) value;
      }
      case RtmpMessageType.ABORT -> {
        InboundChunkStream aborted = chunkStreams.get((int) value);
        if (aborted != null) {
          aborted.discardPartial();
        }
      }
      default -> windowAckSize = value;
    }
    return true;
  }

  private void acknowledgeIfWindowFull(ChannelHandlerContext ctx) {
    if (windowAckSize == 0 || state == State.BAD) {
      return;
    }
    if (bytesReceived - bytesAcknowledged >= windowAckSize) {
      bytesAcknowledged = bytesReceived;
      ByteBuf payload = ctx.alloc().buffer(4).writeInt((int) bytesReceived);
      try {
        // Written already chunked, so it needs no encoder between here and the socket.
        ctx.writeAndFlush(
            RtmpChunks.encode(
                ctx.alloc(),
                RtmpControlMessages.CONTROL_CHUNK_STREAM,
                RtmpMessageType.ACKNOWLEDGEMENT,
                0,
                0,
                payload,
                RtmpChunks.DEFAULT_CHUNK_SIZE));
      } finally {
        payload.release();
      }
    }
  }

  private boolean fail(ChannelHandlerContext ctx, String reason) {
    state = State.BAD;
    releasePartials();
    log.warn("Closing RTMP connection from {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.close();
    return true;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    try {
      super.channelInactive(ctx);
    } finally {
      releasePartials();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    releasePartials();
  }

  private void releasePartials() {
    for (InboundChunkStream stream : chunkStreams.values()) {
      stream.discardPartial();
    }
  }
}
