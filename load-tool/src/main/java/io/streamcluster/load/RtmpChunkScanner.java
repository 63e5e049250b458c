package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * A skipping RTMP chunk-stream parser for the subscriber side. It follows chunk headers (all four
 * formats, extended timestamps, Set Chunk Size, Abort) to find message boundaries and timestamps,
 * and steps over audio, video and data payloads without copying or retaining them. Only protocol
 * control, user control and command messages, which are small, are assembled and handed to the
 * {@link ControlSink}.
 */
final class RtmpChunkScanner {

  /** Receives the small messages a subscriber has to act on. */
  interface ControlSink {
    /**
     * A complete control or command message; {@code payload} is released after the call returns.
     */
    void onControl(int typeId, int messageStreamId, long timestamp, ByteBuf payload);
  }

  private enum State {
    HEADER,
    VIDEO_PROBE,
    PAYLOAD,
    FAILED
  }

  static final int DEFAULT_CHUNK_SIZE = 128;
  static final int MAX_CHUNK_STREAMS = 64;
  static final int MAX_CONTROL_MESSAGE = 1 << 20;
  private static final int EXTENDED = 0xFFFFFF;

  private final ByteBufAllocator alloc;
  private final MediaSink media;
  private final ControlSink control;
  private final IntObjectMap<ChunkStream> streams = new IntObjectHashMap<>();
  private final byte[] header = new byte[18];

  private State state = State.HEADER;
  private int filled;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private ChunkStream current;
  private int chunkRemaining;
  private long messages;
  private String failure;

  RtmpChunkScanner(ByteBufAllocator alloc, MediaSink media, ControlSink control) {
    this.alloc = alloc;
    this.media = media;
    this.control = control;
  }

  int chunkSize() {
    return chunkSize;
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
    while (in.isReadable()) {
      switch (state) {
        case HEADER -> readHeader(in);
        case VIDEO_PROBE -> {
          int n = Math.min(2 - filled, in.readableBytes());
          in.readBytes(header, filled, n);
          filled += n;
          if (filled == 2) {
            filled = 0;
            media.onMedia(
                current.typeId,
                current.timestamp,
                current.length,
                MediaSink.isKeyframe(header[0] & 0xFF, header[1] & 0xFF));
            consumed(2);
          }
        }
        case PAYLOAD -> {
          int n = Math.min(chunkRemaining, in.readableBytes());
          if (current.assembly != null) {
            current.assembly.writeBytes(in, n);
          } else {
            in.skipBytes(n);
          }
          consumed(n);
        }
        case FAILED -> in.skipBytes(in.readableBytes());
      }
    }
    return state != State.FAILED;
  }

  /** Releases the buffers of messages still being assembled. */
  void release() {
    for (ChunkStream cs : streams.values()) {
      cs.dropAssembly();
    }
  }

  private void readHeader(ByteBuf in) {
    while (in.isReadable()) {
      header[filled++] = in.readByte();
      int need = headerLength();
      if (filled == need) {
        filled = 0;
        onHeader(need);
        return;
      }
    }
  }

  /** The header's full length as far as the bytes read so far tell. */
  private int headerLength() {
    int fmt = (header[0] & 0xFF) >> 6;
    int csidField = header[0] & 0x3F;
    int basic = csidField == 0 ? 2 : csidField == 1 ? 3 : 1;
    if (filled < basic) {
      return basic;
    }
    int messageHeader = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
    int base = basic + messageHeader;
    if (filled < base) {
      return base;
    }
    boolean extended;
    if (fmt == 3) {
      ChunkStream cs = streams.get(chunkStreamId(basic));
      extended = cs != null && cs.extended;
    } else {
      extended = medium(basic) == EXTENDED;
    }
    return extended ? base + 4 : base;
  }

  private int chunkStreamId(int basic) {
    return switch (basic) {
      case 2 -> 64 + (header[1] & 0xFF);
      case 3 -> 64 + (header[1] & 0xFF) + ((header[2] & 0xFF) << 8);
      default -> header[0] & 0x3F;
    };
  }

  private void onHeader(int length) {
    int fmt = (header[0] & 0xFF) >> 6;
    int csidField = header[0] & 0x3F;
    int basic = csidField == 0 ? 2 : csidField == 1 ? 3 : 1;
    int csid = chunkStreamId(basic);
    ChunkStream cs = streams.get(csid);
    if (cs == null) {
      if (fmt != 0) {
        fail("chunk stream " + csid + " starts with a type " + fmt + " header");
        return;
      }
      if (streams.size() >= MAX_CHUNK_STREAMS) {
        fail("more than " + MAX_CHUNK_STREAMS + " chunk streams");
        return;
      }
      cs = new ChunkStream();
      streams.put(csid, cs);
    }
    if (fmt < 3) {
      int field = medium(basic);
      cs.extended = field == EXTENDED;
      long value = cs.extended ? unsignedInt(length - 4) : field;
      if (fmt == 0) {
        cs.length = medium(basic + 3);
        cs.typeId = header[basic + 6] & 0xFF;
        cs.messageStreamId =
            (header[basic + 7] & 0xFF)
                | (header[basic + 8] & 0xFF) << 8
                | (header[basic + 9] & 0xFF) << 16
                | (header[basic + 10] & 0xFF) << 24;
        cs.timestamp = value;
        cs.delta = 0;
      } else {
        if (fmt == 1) {
          cs.length = medium(basic + 3);
          cs.typeId = header[basic + 6] & 0xFF;
        }
        cs.delta = value;
        cs.timestamp = (cs.timestamp + value) & 0xFFFFFFFFL;
      }
      if (cs.remaining > 0) {
        // A new message header in the middle of a message: the old one is abandoned.
        cs.dropAssembly();
      }
      startMessage(cs);
    } else if (cs.remaining == 0) {
      cs.timestamp = (cs.timestamp + cs.delta) & 0xFFFFFFFFL;
      startMessage(cs);
    }
    if (state == State.FAILED) {
      return;
    }
    current = cs;
    chunkRemaining = Math.min(chunkSize, cs.remaining);
    if (cs.remaining == cs.length && cs.typeId == 9 && cs.length >= 2 && chunkRemaining >= 2) {
      state = State.VIDEO_PROBE;
    } else if (cs.remaining == cs.length && isMedia(cs.typeId)) {
      media.onMedia(cs.typeId, cs.timestamp, cs.length, false);
      enterPayload();
    } else {
      enterPayload();
    }
  }

  private void startMessage(ChunkStream cs) {
    cs.remaining = cs.length;
    messages++;
    if (isControl(cs.typeId)) {
      if (cs.length > MAX_CONTROL_MESSAGE) {
        fail("control message of " + cs.length + " bytes");
        return;
      }
      cs.assembly = alloc.heapBuffer(cs.length, cs.length);
    }
  }

  private void enterPayload() {
    if (chunkRemaining == 0) {
      finishChunk();
    } else {
      state = State.PAYLOAD;
    }
  }

  private void consumed(int n) {
    chunkRemaining -= n;
    current.remaining -= n;
    if (chunkRemaining == 0) {
      finishChunk();
    } else {
      state = State.PAYLOAD;
    }
  }

  private void finishChunk() {
    state = State.HEADER;
    ChunkStream cs = current;
    if (cs.remaining > 0 || cs.assembly == null) {
      return;
    }
    ByteBuf payload = cs.assembly;
    cs.assembly = null;
    try {
      onControlMessage(cs, payload);
    } finally {
      payload.release();
    }
  }

  private void onControlMessage(ChunkStream cs, ByteBuf payload) {
    switch (cs.typeId) {
      case 1 -> {
        if (payload.readableBytes() < 4) {
          fail("short Set Chunk Size");
          return;
        }
        int size = payload.getInt(payload.readerIndex()) & 0x7FFFFFFF;
        if (size < 1 || size > 0xFFFFFF) {
          fail("bad chunk size " + size);
          return;
        }
        chunkSize = size;
      }
      case 2 -> {
        if (payload.readableBytes() >= 4) {
          ChunkStream aborted = streams.get(payload.getInt(payload.readerIndex()));
          if (aborted != null && aborted != cs) {
            aborted.dropAssembly();
            aborted.remaining = 0;
          }
        }
      }
      default -> {}
    }
    control.onControl(cs.typeId, cs.messageStreamId, cs.timestamp, payload);
  }

  private static boolean isMedia(int typeId) {
    return typeId == 8 || typeId == 9 || typeId == 18 || typeId == 22;
  }

  private static boolean isControl(int typeId) {
    return (typeId >= 1 && typeId <= 6) || typeId == 17 || typeId == 20;
  }

  private void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
    state = State.FAILED;
  }

  private int medium(int at) {
    return (header[at] & 0xFF) << 16 | (header[at + 1] & 0xFF) << 8 | (header[at + 2] & 0xFF);
  }

  private long unsignedInt(int at) {
    return (long) (header[at] & 0xFF) << 24 | medium(at + 1);
  }

  private static final class ChunkStream {
    int typeId;
    int length;
    int messageStreamId;
    long timestamp;
    long delta;
    int remaining;
    boolean extended;
    ByteBuf assembly;

    void dropAssembly() {
      if (assembly != null) {
        assembly.release();
        assembly = null;
      }
    }
  }
}
