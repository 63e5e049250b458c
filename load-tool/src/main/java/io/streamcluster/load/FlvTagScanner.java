package io.streamcluster.load;

import io.netty.buffer.ByteBuf;

/**
 * A skipping FLV parser: it finds tag boundaries, types and timestamps and steps over tag bodies
 * without copying or retaining them. Only the 15 bytes in front of each tag (the previous tag size
 * and the tag header) and the first two bytes of a video body are read.
 */
final class FlvTagScanner {

  private enum State {
    FILE_HEADER,
    TAG_HEADER,
    VIDEO_PROBE,
    SKIP,
    FAILED
  }

  static final int FILE_HEADER_SIZE = 9;

  /** PreviousTagSize (4) + tag header (11). */
  static final int TAG_PREFIX_SIZE = 15;

  private final MediaSink sink;
  private final byte[] scratch = new byte[TAG_PREFIX_SIZE];
  private State state = State.FILE_HEADER;
  private int filled;
  private long skipRemaining;
  private int tagType;
  private int tagSize;
  private long tagTimestamp;
  private long tags;
  private String failure;

  FlvTagScanner(MediaSink sink) {
    this.sink = sink;
  }

  /** Number of tags found so far. */
  long tags() {
    return tags;
  }

  /** Why the input was rejected, or null. */
  String failure() {
    return failure;
  }

  /**
   * Consumes {@code length} readable bytes of {@code in} (advancing its reader index).
   *
   * @return false once the input has proved not to be FLV
   */
  boolean scan(ByteBuf in, int length) {
    int end = in.readerIndex() + length;
    while (in.readerIndex() < end) {
      switch (state) {
        case FILE_HEADER -> {
          if (fill(in, end, FILE_HEADER_SIZE)) {
            if (scratch[0] != 'F' || scratch[1] != 'L' || scratch[2] != 'V') {
              return fail("not an FLV stream (bad signature)");
            }
            long dataOffset = readUnsignedInt(5);
            if (dataOffset < FILE_HEADER_SIZE) {
              return fail("FLV header size " + dataOffset + " is too small");
            }
            skip(dataOffset - FILE_HEADER_SIZE);
          }
        }
        case TAG_HEADER -> {
          if (fill(in, end, TAG_PREFIX_SIZE)) {
            tagType = scratch[4] & 0x1F;
            tagSize = readUnsignedMedium(5);
            tagTimestamp = readUnsignedMedium(8) | (scratch[11] & 0xFFL) << 24;
            tags++;
            if (tagType == 9 && tagSize >= 2) {
              state = State.VIDEO_PROBE;
            } else {
              sink.onMedia(tagType, tagTimestamp, tagSize, false);
              skip(tagSize);
            }
          }
        }
        case VIDEO_PROBE -> {
          if (fill(in, end, 2)) {
            sink.onMedia(
                tagType,
                tagTimestamp,
                tagSize,
                MediaSink.isKeyframe(scratch[0] & 0xFF, scratch[1] & 0xFF));
            skip(tagSize - 2);
          }
        }
        case SKIP -> {
          int n = (int) Math.min(skipRemaining, end - in.readerIndex());
          in.skipBytes(n);
          skipRemaining -= n;
          if (skipRemaining == 0) {
            state = State.TAG_HEADER;
          }
        }
        case FAILED -> {
          in.readerIndex(end);
          return false;
        }
      }
    }
    return state != State.FAILED;
  }

  /** Accumulates up to {@code want} bytes in the scratch array; true (and reset) once complete. */
  private boolean fill(ByteBuf in, int end, int want) {
    int n = Math.min(want - filled, end - in.readerIndex());
    in.readBytes(scratch, filled, n);
    filled += n;
    if (filled < want) {
      return false;
    }
    filled = 0;
    return true;
  }

  private void skip(long n) {
    skipRemaining = n;
    state = n > 0 ? State.SKIP : State.TAG_HEADER;
  }

  private boolean fail(String reason) {
    failure = reason;
    state = State.FAILED;
    return false;
  }

  private int readUnsignedMedium(int at) {
    return (scratch[at] & 0xFF) << 16 | (scratch[at + 1] & 0xFF) << 8 | (scratch[at + 2] & 0xFF);
  }

  private long readUnsignedInt(int at) {
    return (long) (scratch[at] & 0xFF) << 24 | readUnsignedMedium(at + 1);
  }
}
