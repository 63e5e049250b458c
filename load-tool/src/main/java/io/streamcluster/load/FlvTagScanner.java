package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.flv.FlvFileHeader;
import io.streamcluster.media.flv.FlvTagHeader;
import io.streamcluster.media.stream.VideoTagHeader;

/**
 * A skipping FLV reader: it finds tag boundaries, types and timestamps with the server's {@link
 * FlvTagHeader} and steps over tag bodies without copying or retaining them. Only the 15 bytes in
 * front of each tag (the previous tag size and the tag header) and the first two bytes of a video
 * body are read.
 */
final class FlvTagScanner {

  private enum State {
    FILE_HEADER,
    TAG_HEADER,
    VIDEO_PROBE,
    SKIP,
    FAILED
  }

  /** PreviousTagSize and the tag header. */
  static final int TAG_PREFIX_SIZE = FlvTagHeader.PREVIOUS_TAG_SIZE_BYTES + FlvTagHeader.BYTES;

  private final MediaSink sink;
  // The header being read, which may arrive in pieces. A few heap bytes per player, garbage
  // collected with it: never pooled, never released.
  private final ByteBuf scratch = Unpooled.buffer(TAG_PREFIX_SIZE, TAG_PREFIX_SIZE);
  private State state = State.FILE_HEADER;
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
          if (fill(in, end, FlvFileHeader.BYTES)) {
            if (!FlvFileHeader.hasSignature(scratch, 0)) {
              return fail(in, end, "not an FLV stream (bad signature)");
            }
            long dataOffset = FlvFileHeader.dataOffset(scratch, 0);
            scratch.clear();
            if (dataOffset < FlvFileHeader.BYTES) {
              return fail(in, end, "FLV header size " + dataOffset + " is too small");
            }
            skip(dataOffset - FlvFileHeader.BYTES);
          }
        }
        case TAG_HEADER -> {
          if (fill(in, end, TAG_PREFIX_SIZE)) {
            int header = FlvTagHeader.PREVIOUS_TAG_SIZE_BYTES;
            tagType = FlvTagHeader.tagType(scratch, header);
            tagSize = FlvTagHeader.bodySize(scratch, header);
            tagTimestamp = FlvTagHeader.timestamp(scratch, header);
            scratch.clear();
            tags++;
            if (tagType == FlvTagHeader.VIDEO && tagSize >= 2) {
              state = State.VIDEO_PROBE;
            } else {
              sink.onMedia(tagType, tagTimestamp, tagSize, false);
              skip(tagSize);
            }
          }
        }
        case VIDEO_PROBE -> {
          if (fill(in, end, 2)) {
            boolean keyframe =
                VideoTagHeader.isCodedKeyframe(
                    scratch.getUnsignedByte(0), scratch.getUnsignedByte(1));
            scratch.clear();
            sink.onMedia(tagType, tagTimestamp, tagSize, keyframe);
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

  /**
   * Gathers {@code want} bytes in the scratch buffer; true once they are all there, to be read and
   * cleared.
   */
  private boolean fill(ByteBuf in, int end, int want) {
    int n = Math.min(want - scratch.writerIndex(), end - in.readerIndex());
    scratch.writeBytes(in, n);
    return scratch.writerIndex() == want;
  }

  private void skip(long n) {
    skipRemaining = n;
    state = n > 0 ? State.SKIP : State.TAG_HEADER;
  }

  private boolean fail(ByteBuf in, int end, String reason) {
    failure = reason;
    state = State.FAILED;
    in.readerIndex(end);
    return false;
  }
}
