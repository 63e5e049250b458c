package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;

/**
 * One audio, video or data message of a live stream: the FLV tag body exactly as RTMP carries it,
 * with its timestamp on the stream's own clock.
 *
 * <p>A frame is encoded at most once per wire format ({@link FrameFormat}) and the encoding is
 * shared by every player: each gets a {@code retainedDuplicate()} of it. Reference counted; the
 * payload and the encodings are released with the last reference.
 */
public final class MediaFrame extends AbstractReferenceCounted {

  /** The kind of message, with its RTMP message type id and FLV tag type. */
  public enum Kind {
    AUDIO(8),
    VIDEO(9),
    DATA(18);

    private final int typeId;

    Kind(int typeId) {
      this.typeId = typeId;
    }

    /** The RTMP message type id, which is also the FLV tag type. */
    public int typeId() {
      return typeId;
    }
  }

  private static final int AAC = 10;

  private final Kind kind;
  private final long timestamp;
  private final ByteBuf payload;
  private final boolean keyframe;
  private final boolean sequenceHeader;
  private final Encodings encodings = new Encodings();

  private MediaFrame(
      Kind kind, long timestamp, ByteBuf payload, boolean keyframe, boolean sequenceHeader) {
    this.kind = kind;
    this.timestamp = timestamp;
    this.payload = payload;
    this.keyframe = keyframe;
    this.sequenceHeader = sequenceHeader;
  }

  /**
   * Wraps a message body, taking ownership of {@code payload}, and classifies it (keyframe,
   * sequence header) from its first bytes as the FLV specification and Enhanced RTMP define them.
   */
  public static MediaFrame of(Kind kind, long timestamp, ByteBuf payload) {
    boolean keyframe = false;
    boolean header = false;
    int readable = payload.readableBytes();
    int first = readable > 0 ? payload.getUnsignedByte(payload.readerIndex()) : 0;
    int second = readable > 1 ? payload.getUnsignedByte(payload.readerIndex() + 1) : -1;
    if (kind == Kind.VIDEO && readable > 0) {
      keyframe = VideoTagHeader.isKeyframe(first);
      header = VideoTagHeader.isSequenceHeader(first, second);
    } else if (kind == Kind.AUDIO && readable > 0) {
      header = (first >> 4) == AAC && second == 0;
    }
    return new MediaFrame(kind, timestamp, payload, keyframe, header);
  }

  /** The same body under another timestamp; shares (retains) the payload, not the encodings. */
  public MediaFrame withTimestamp(long newTimestamp) {
    return new MediaFrame(kind, newTimestamp, payload.retain(), keyframe, sequenceHeader);
  }

  public Kind kind() {
    return kind;
  }

  /** Milliseconds on the stream's clock, extended past 32-bit wraps. */
  public long timestamp() {
    return timestamp;
  }

  /** The body; not to be modified or released by readers. */
  public ByteBuf payload() {
    return payload;
  }

  public int size() {
    return payload.readableBytes();
  }

  /** A video frame a decoder can start from (not a sequence header). */
  public boolean isKeyframe() {
    return keyframe && !sequenceHeader;
  }

  /** An AVC/HEVC decoder configuration record or an AAC AudioSpecificConfig. */
  public boolean isSequenceHeader() {
    return sequenceHeader;
  }

  public boolean isVideo() {
    return kind == Kind.VIDEO;
  }

  public boolean isAudio() {
    return kind == Kind.AUDIO;
  }

  /**
   * This frame in the given wire format, encoded on first use and cached. The result belongs to the
   * frame: callers write a {@code retainedDuplicate()} of it.
   */
  public ByteBuf encoded(FrameFormat format, ByteBufAllocator alloc) {
    ByteBuf cached = encodings.find(format);
    return cached != null ? cached : encodeOnce(format, alloc);
  }

  private synchronized ByteBuf encodeOnce(FrameFormat format, ByteBufAllocator alloc) {
    ByteBuf cached = encodings.find(format);
    return cached != null ? cached : encodings.add(format, format.encode(alloc, this));
  }

  @Override
  public MediaFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public MediaFrame touch(Object hint) {
    payload.touch(hint);
    return this;
  }

  @Override
  protected synchronized void deallocate() {
    payload.release();
    encodings.releaseAll();
  }

  @Override
  public String toString() {
    return kind
        + "@"
        + timestamp
        + (isKeyframe() ? " key" : "")
        + (sequenceHeader ? " header" : "")
        + " "
        + (refCnt() > 0 ? payload.readableBytes() : -1)
        + "B";
  }
}
