package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * The chunk layer of what a peer sends (RTMP specification, section 5.3) without the payloads:
 * reads chunk headers (basic header, message header types 0 to 3, extended timestamp), expands
 * compressed headers against each chunk stream's last one, applies Set Chunk Size and Abort, and
 * counts each message's bytes, so that its user knows where every chunk and message ends.
 *
 * <p>What happens to the payload bytes is the user's business: the server's {@link
 * RtmpChunkDecoder} reassembles whole messages, the load tool steps over media without copying it.
 * A header is read whole or not at all: while bytes of it are missing, {@link #readHeader} consumes
 * nothing and returns null. A peer that breaks the protocol or a bound given here gets an {@link
 * RtmpProtocolException} saying what it did.
 */
public final class RtmpChunkReader {

  /**
   * The most bytes {@link #readHeader} needs to see at once: a 3-byte basic header, a type 0
   * message header and an extended timestamp.
   */
  public static final int MAX_HEADER_LENGTH = 3 + 11 + 4;

  private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

  private final int maxChunkStreams;
  private final int maxMessageLength;
  private final int maxChunkSize;
  private final IntObjectMap<InboundChunkStream> streams = new IntObjectHashMap<>();
  private int chunkSize = RtmpChunks.DEFAULT_CHUNK_SIZE;

  // the chunk being read
  private InboundChunkStream current;
  private boolean startsMessage;
  private int chunkBytesLeft;

  /**
   * @param maxChunkStreams chunk streams the peer may have open at once
   * @param maxMessageLength longest message the peer may announce
   * @param maxChunkSize largest chunk size the peer may set
   */
  public RtmpChunkReader(int maxChunkStreams, int maxMessageLength, int maxChunkSize) {
    this.maxChunkStreams = maxChunkStreams;
    this.maxMessageLength = maxMessageLength;
    this.maxChunkSize = maxChunkSize;
  }

  /** The chunk size the peer currently sends with. */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Reads the chunk header at {@code in}'s reader index if all of it is readable.
   *
   * @return the chunk stream the chunk belongs to, its header now applied; or null, with nothing
   *     consumed, when more bytes are needed
   * @throws RtmpProtocolException when the header breaks the protocol or a bound
   */
  public InboundChunkStream readHeader(ByteBuf in) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    if (readable == 0) {
      return null;
    }
    int first = in.getUnsignedByte(start);
    int fmt = first >>> 6;
    int idField = first & 0x3F;
    int basicLength = idField == 0 ? 2 : idField == 1 ? 3 : 1;
    int length = basicLength + MESSAGE_HEADER_LENGTH[fmt];
    if (readable < length) {
      return null;
    }
    int csid =
        switch (idField) {
          case 0 -> 64 + in.getUnsignedByte(start + 1);
          case 1 -> 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
          default -> idField;
        };
    InboundChunkStream stream = streams.get(csid);
    if (stream == null) {
      if (fmt != 0) {
        throw new RtmpProtocolException(
            "type " + fmt + " chunk on chunk stream " + csid + " without a header");
      }
      if (streams.size() >= maxChunkStreams) {
        throw new RtmpProtocolException(
            "chunk_streams", "more than " + maxChunkStreams + " chunk streams");
      }
    } else if (fmt != 3 && stream.bytesMissing > 0) {
      throw new RtmpProtocolException(
          "new message header on chunk stream " + csid + " before its message was complete");
    }
    boolean newMessage = stream == null || stream.bytesMissing == 0;

    int messageHeader = start + basicLength;
    long timestampField = 0;
    int messageLength = 0;
    boolean extended = false;
    Boolean repeats = null;
    if (fmt != 3) {
      timestampField = in.getUnsignedMedium(messageHeader);
      if (fmt <= 1) {
        messageLength = in.getUnsignedMedium(messageHeader + 3);
        if (messageLength > maxMessageLength) {
          throw new RtmpProtocolException(
              "message_size",
              "message of " + messageLength + " bytes exceeds the limit of " + maxMessageLength);
        }
      }
      extended = timestampField == RtmpChunks.EXTENDED_TIMESTAMP_MARK;
      if (extended) {
        if (readable < length + 4) {
          return null;
        }
        timestampField = in.getUnsignedInt(start + length);
        length += 4;
      }
    } else if (stream.extendedTimestamp) {
      repeats = stream.repeatsExtendedTimestamp;
      if (repeats == null) {
        // The specification repeats the field after type 3 headers, some encoders do not: learn
        // which kind this peer is from the first such chunk.
        if (readable < length + 4) {
          return null;
        }
        repeats = isRepeatedTimestamp(stream, in.getUnsignedInt(start + length), newMessage);
      }
      if (repeats) {
        if (readable < length + 4) {
          return null;
        }
        length += 4;
      }
    }

    // The whole header is readable: apply it.
    if (stream == null) {
      stream = new InboundChunkStream(csid);
      streams.put(csid, stream);
    }
    if (fmt != 3) {
      if (fmt <= 1) {
        stream.messageLength = messageLength;
        stream.typeId = in.getUnsignedByte(messageHeader + 6);
      }
      if (fmt == 0) {
        stream.messageStreamId = in.getIntLE(messageHeader + 7);
      }
      stream.extendedTimestamp = extended;
      stream.timestampField = timestampField;
    } else if (repeats != null) {
      stream.repeatsExtendedTimestamp = repeats;
    }
    if (newMessage) {
      stream.timestamp =
          fmt == 0
              ? stream.timestampField
              : (stream.timestamp + stream.timestampField) & 0xFFFFFFFFL;
      stream.bytesMissing = stream.messageLength;
    }
    in.skipBytes(length);
    current = stream;
    startsMessage = newMessage;
    chunkBytesLeft = Math.min(chunkSize, stream.bytesMissing);
    return stream;
  }

  private static boolean isRepeatedTimestamp(
      InboundChunkStream stream, long candidate, boolean newMessage) {
    long next = (stream.timestamp + stream.timestampField) & 0xFFFFFFFFL;
    return candidate == stream.timestampField
        || candidate == (newMessage ? next : stream.timestamp);
  }

  /** The chunk stream of the chunk last read. */
  public InboundChunkStream current() {
    return current;
  }

  /** Whether the chunk last read is its message's first. */
  public boolean startsMessage() {
    return startsMessage;
  }

  /** Payload bytes of the current chunk that have not been read yet. */
  public int chunkBytesLeft() {
    return chunkBytesLeft;
  }

  /**
   * The user has read (copied or skipped) {@code n} payload bytes of the current chunk. When {@link
   * #chunkBytesLeft()} is 0 the next chunk header follows; when the chunk stream has no {@link
   * InboundChunkStream#bytesMissing()} its message is complete.
   */
  public void payloadRead(int n) {
    if (n < 0 || n > chunkBytesLeft) {
      throw new IllegalArgumentException(n + " bytes read of a chunk with " + chunkBytesLeft);
    }
    chunkBytesLeft -= n;
    current.bytesMissing -= n;
  }

  /**
   * Applies a complete Set Chunk Size or Abort message, which govern how the chunks after it are
   * read.
   *
   * @return false for any other message type, which is left to the user
   * @throws RtmpProtocolException for a short message or a chunk size out of bounds
   */
  public boolean applyControl(int typeId, ByteBuf payload) {
    switch (typeId) {
      case RtmpMessageType.SET_CHUNK_SIZE -> {
        long size = RtmpControlMessages.value(typeId, payload);
        if (size < 1 || size > maxChunkSize) {
          throw new RtmpProtocolException(
              "chunk_size", "chunk size " + size + " outside 1.." + maxChunkSize);
        }
        chunkSize = (int) size;
        return true;
      }
      case RtmpMessageType.ABORT -> {
        InboundChunkStream aborted = streams.get((int) RtmpControlMessages.value(typeId, payload));
        if (aborted != null) {
          aborted.discardPartial();
          aborted.bytesMissing = 0;
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * The bytes the reassembly buffers of unfinished messages may grow to: the sum of those messages'
   * lengths. What a peer can make its receiver hold.
   */
  public long reservedBytes() {
    long reserved = 0;
    for (InboundChunkStream stream : streams.values()) {
      if (stream.partial() != null) {
        reserved += stream.messageLength;
      }
    }
    return reserved;
  }

  /** Releases every reassembly buffer still held (the connection has ended). */
  public void releasePartials() {
    for (InboundChunkStream stream : streams.values()) {
      stream.discardPartial();
    }
  }
}
