package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.limits.Refusals;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles the chunks a peer sends into {@link RtmpMessage}s (RTMP specification, section 5.3);
 * the chunk headers are read by an {@link RtmpChunkReader}.
 *
 * <p>The protocol control messages that govern the chunk layer are handled here and not passed on:
 * Set Chunk Size changes how the following chunks are read, Abort drops a chunk stream's partial
 * message, and Window Acknowledgement Size makes this decoder acknowledge every window of bytes it
 * reads. Every other message is passed on, its payload a buffer from the channel's allocator.
 *
 * <p>What a peer may make this decoder hold is bounded before anything else is done with its bytes:
 * until the connection is admitted to publish or play ({@link PeerAdmission}), a message may be at
 * most {@link MediaLimits#preAdmissionBytes()} long and all its unfinished messages together no
 * longer; after, a message {@link MediaLimits#maxMessageSize()} and together {@link
 * MediaLimits#admittedBufferBytes()}. A peer that breaks the protocol or a bound is disconnected
 * with one warning naming the reason, counted by reason; partial messages are released and nothing
 * is thrown down the pipeline.
 */
public final class RtmpChunkDecoder extends ByteToMessageDecoder {

  private static final Logger log = LoggerFactory.getLogger(RtmpChunkDecoder.class);

  /** Reassembly buffers start at most this big and grow with the bytes that actually arrive. */
  private static final int INITIAL_REASSEMBLY_CAPACITY = 16 * 1024;

  enum State {
    HEADER,
    PAYLOAD,
    BAD
  }

  private final RtmpChunkReader chunks;
  private final MediaLimits limits;
  private final Refusals refusals;
  private final AcknowledgementWindow window = new AcknowledgementWindow();
  private State state = State.HEADER;

  public RtmpChunkDecoder(MediaLimits limits) {
    this(limits, Refusals.NONE);
  }

  /**
   * @param refusals where a peer disconnected for breaking the protocol or a bound is counted
   */
  public RtmpChunkDecoder(MediaLimits limits, Refusals refusals) {
    this.limits = limits;
    this.refusals = refusals;
    this.chunks =
        new RtmpChunkReader(
            limits.maxChunkStreams(), limits.maxMessageSize(), limits.maxIncomingChunkSize());
  }

  /** The chunk size the peer currently sends with. */
  public int chunkSize() {
    return chunks.chunkSize();
  }

  /** The window the peer asked to be acknowledged after, or 0 before it asked. */
  public long windowAckSize() {
    return window.size();
  }

  State state() {
    return state;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf bytes) {
      window.received(bytes.readableBytes());
    }
    super.channelRead(ctx, msg);
    acknowledgeIfWindowFull(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      boolean progressed;
      do {
        progressed =
            switch (state) {
              case HEADER -> readHeader(ctx, in, out);
              case PAYLOAD -> readPayload(in, out);
              case BAD -> false;
            };
      } while (progressed);
    } catch (RtmpProtocolException e) {
      refusals.refused(e.reason());
      fail(ctx, e.getMessage());
    }
    if (state == State.BAD) {
      in.skipBytes(in.readableBytes());
    }
  }

  private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    InboundChunkStream stream = chunks.readHeader(in);
    if (stream == null) {
      return false;
    }
    if (chunks.startsMessage()) {
      if (stream.messageLength() == 0) {
        out.add(message(stream, ctx.alloc().buffer(0)));
        return true;
      }
      checkBudget(ctx, stream.messageLength());
      stream.partial(
          ctx.alloc()
              .buffer(
                  Math.min(stream.messageLength(), INITIAL_REASSEMBLY_CAPACITY),
                  stream.messageLength()));
    }
    state = State.PAYLOAD;
    return true;
  }

  /** Refuses a new message that would let the peer make this decoder hold more than it may. */
  private void checkBudget(ChannelHandlerContext ctx, int messageLength) {
    boolean admitted = PeerAdmission.isAdmitted(ctx.channel());
    long largest = admitted ? limits.maxMessageSize() : limits.preAdmissionBytes();
    long budget = admitted ? limits.admittedBufferBytes() : limits.preAdmissionBytes();
    String stage = admitted ? "" : " before publish or play";
    if (messageLength > largest) {
      throw new RtmpProtocolException(
          admitted ? "message_size" : "pre_admission_bytes",
          "message of " + messageLength + " bytes" + stage + " exceeds the limit of " + largest);
    }
    long held = chunks.reservedBytes() + messageLength;
    if (held > budget) {
      throw new RtmpProtocolException(
          admitted ? "buffered_bytes" : "pre_admission_bytes",
          "unfinished messages" + stage + " would hold " + held + " bytes, over " + budget);
    }
  }

  private boolean readPayload(ByteBuf in, List<Object> out) {
    int length = Math.min(chunks.chunkBytesLeft(), in.readableBytes());
    if (length == 0) {
      return false;
    }
    InboundChunkStream stream = chunks.current();
    stream.partial().writeBytes(in, length);
    chunks.payloadRead(length);
    if (chunks.chunkBytesLeft() > 0) {
      return false;
    }
    state = State.HEADER;
    if (stream.bytesMissing() == 0) {
      handle(message(stream, stream.takePartial()), out);
    }
    return true;
  }

  private static RtmpMessage message(InboundChunkStream stream, ByteBuf payload) {
    return new RtmpMessage(
        stream.csid(), stream.typeId(), stream.timestamp(), stream.messageStreamId(), payload);
  }

  private void handle(RtmpMessage message, List<Object> out) {
    int type = message.typeId();
    if (type != RtmpMessageType.SET_CHUNK_SIZE
        && type != RtmpMessageType.ABORT
        && type != RtmpMessageType.WINDOW_ACK_SIZE) {
      out.add(message);
      return;
    }
    try {
      if (!chunks.applyControl(type, message.payload())) {
        window.resize(RtmpControlMessages.value(type, message.payload()));
      }
    } finally {
      message.release();
    }
  }

  private void acknowledgeIfWindowFull(ChannelHandlerContext ctx) {
    if (state == State.BAD) {
      return;
    }
    long sequenceNumber = window.due();
    if (sequenceNumber < 0) {
      return;
    }
    ByteBuf payload = ctx.alloc().buffer(4).writeInt((int) sequenceNumber);
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

  private void fail(ChannelHandlerContext ctx, String reason) {
    state = State.BAD;
    chunks.releasePartials();
    log.warn("Closing RTMP connection from {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    try {
      super.channelInactive(ctx);
    } finally {
      chunks.releasePartials();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    chunks.releasePartials();
  }
}
