package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.rtmp.InboundChunkStream;
import io.streamcluster.media.rtmp.RtmpChunkReader;
import io.streamcluster.media.rtmp.RtmpChunks;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.RtmpProtocolException;
import io.streamcluster.media.stream.VideoTagHeader;

/**
 * Reads what an RTMP server sends a player without copying its media. The server's {@link
 * RtmpChunkReader} follows the chunk headers to every message's boundaries, type and timestamp;
 * audio, video and data payloads are stepped over in place (of a video message only the first two
 * bytes are read, for its frame type). Only protocol control, user control and command messages,
 * which are small, are assembled and handed to the {@link ControlSink}.
 *
 * <p>Each buffer read from the socket is scanned whole and can be released at once: the few bytes
 * of a chunk header split across two reads are carried over to the next.
 */
final class RtmpMessageScanner {

  /** Receives the small messages a player has to act on. */
  interface ControlSink {
    /**
     * A complete control or command message; {@code payload} is released after the call returns.
     *
     * @throws RtmpProtocolException when the message is malformed; scanning then stops
     */
    void onControl(int typeId, int messageStreamId, long timestamp, ByteBuf payload);
  }

  private enum State {
    HEADER,
    VIDEO_PROBE,
    PAYLOAD,
    FAILED
  }

  static final int MAX_CHUNK_STREAMS = 64;
  static final int MAX_CONTROL_MESSAGE = 1 << 20;

  private final ByteBufAllocator alloc;
  private final MediaSink media;
  private final ControlSink control;
  private final RtmpChunkReader chunks =
      new RtmpChunkReader(
          MAX_CHUNK_STREAMS, RtmpChunks.MAX_MESSAGE_LENGTH, RtmpChunks.MAX_MESSAGE_LENGTH);

  // A few heap bytes per player, garbage collected with it: never pooled, never released.
  private final ByteBuf carry =
      Unpooled.buffer(RtmpChunkReader.MAX_HEADER_LENGTH, RtmpChunkReader.MAX_HEADER_LENGTH);
  private final byte[] videoHeader = new byte[2];
  private int videoHeaderFilled;

  private State state = State.HEADER;
  private long messages;
  private String failure;

  RtmpMessageScanner(ByteBufAllocator alloc, MediaSink media, ControlSink control) {
    this.alloc = alloc;
    this.media = media;
    this.control = control;
  }

  int chunkSize() {
    return chunks.chunkSize();
  }

  long messages() {
    return messages;
  }

  String failure() {
    return failure;
  }

  /**
   * Consumes all readable bytes of {@code in}.
   *
   * @return false once the input has broken the chunk stream protocol
   */
  boolean scan(ByteBuf in) {
    try {
      while (in.isReadable() && state != State.FAILED) {
        switch (state) {
          case HEADER -> readHeader(in);
          case VIDEO_PROBE -> readVideoHeader(in);
          case PAYLOAD -> readPayload(in);
          case FAILED -> {}
        }
      }
    } catch (RtmpProtocolException e) {
      fail(e.getMessage());
    }
    in.skipBytes(in.readableBytes());
    return state != State.FAILED;
  }

  /** Releases the buffers of messages still being assembled. */
  void release() {
    chunks.releasePartials();
  }

  private void readHeader(ByteBuf in) {
    InboundChunkStream stream;
    if (carry.isReadable()) {
      stream = readSplitHeader(in);
    } else {
      stream = chunks.readHeader(in);
      if (stream == null) {
        // The start of a header (fewer bytes than a header's longest): the rest comes next read.
        carry.writeBytes(in);
      }
    }
    if (stream != null) {
      onChunk(stream);
    }
  }

  /** Completes a chunk header whose start was carried over from the previous read. */
  private InboundChunkStream readSplitHeader(ByteBuf in) {
    int carried = carry.readableBytes();
    int added = Math.min(carry.writableBytes(), in.readableBytes());
    carry.writeBytes(in, in.readerIndex(), added);
    InboundChunkStream stream = chunks.readHeader(carry);
    if (stream == null) {
      in.skipBytes(added);
      return null;
    }
    in.skipBytes(carry.readerIndex() - carried);
    carry.clear();
    return stream;
  }

  private void onChunk(InboundChunkStream stream) {
    if (chunks.startsMessage()) {
      messages++;
      int type = stream.typeId();
      int length = stream.messageLength();
      if (isControl(type)) {
        if (length > MAX_CONTROL_MESSAGE) {
          throw new RtmpProtocolException("control message of " + length + " bytes");
        }
        stream.partial(alloc.heapBuffer(length, length));
      } else if (type == RtmpMessageType.VIDEO && length >= 2 && chunks.chunkBytesLeft() >= 2) {
        state = State.VIDEO_PROBE;
        return;
      } else if (isMedia(type)) {
        media.onMedia(type, stream.timestamp(), length, false);
      }
    }
    afterPayloadRead();
  }

  private void readVideoHeader(ByteBuf in) {
    int n = Math.min(videoHeader.length - videoHeaderFilled, in.readableBytes());
    in.readBytes(videoHeader, videoHeaderFilled, n);
    videoHeaderFilled += n;
    if (videoHeaderFilled < videoHeader.length) {
      return;
    }
    videoHeaderFilled = 0;
    InboundChunkStream stream = chunks.current();
    media.onMedia(
        stream.typeId(),
        stream.timestamp(),
        stream.messageLength(),
        VideoTagHeader.isCodedKeyframe(videoHeader[0] & 0xFF, videoHeader[1] & 0xFF));
    chunks.payloadRead(videoHeader.length);
    afterPayloadRead();
  }

  private void readPayload(ByteBuf in) {
    int n = Math.min(chunks.chunkBytesLeft(), in.readableBytes());
    ByteBuf partial = chunks.current().partial();
    if (partial != null) {
      partial.writeBytes(in, n);
    } else {
      in.skipBytes(n);
    }
    chunks.payloadRead(n);
    afterPayloadRead();
  }

  /** Reads on in the current chunk, or, at its end, hands over a complete control message. */
  private void afterPayloadRead() {
    if (chunks.chunkBytesLeft() > 0) {
      state = State.PAYLOAD;
      return;
    }
    state = State.HEADER;
    InboundChunkStream stream = chunks.current();
    if (stream.bytesMissing() > 0 || stream.partial() == null) {
      return;
    }
    ByteBuf payload = stream.takePartial();
    try {
      chunks.applyControl(stream.typeId(), payload);
      control.onControl(stream.typeId(), stream.messageStreamId(), stream.timestamp(), payload);
    } finally {
      payload.release();
    }
  }

  private static boolean isMedia(int typeId) {
    return typeId == RtmpMessageType.AUDIO
        || typeId == RtmpMessageType.VIDEO
        || typeId == RtmpMessageType.DATA_AMF0
        || typeId == RtmpMessageType.AGGREGATE;
  }

  private static boolean isControl(int typeId) {
    return (typeId >= RtmpMessageType.SET_CHUNK_SIZE
            && typeId <= RtmpMessageType.SET_PEER_BANDWIDTH)
        || typeId == RtmpMessageType.COMMAND_AMF3
        || typeId == RtmpMessageType.COMMAND_AMF0;
  }

  private void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
    state = State.FAILED;
  }
}
