package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.streamcluster.media.stream.FrameFormat;
import io.streamcluster.media.stream.MediaFrame;

/**
 * Frames as RTMP messages on message stream 1, chunked at the server's outbound chunk size. Every
 * message starts with a type-0 chunk header carrying its absolute timestamp, so the same bytes are
 * right for every player whatever it received before.
 */
public final class RtmpFrameFormat implements FrameFormat {

  /** The message stream id players get from createStream. */
  public static final int PLAY_STREAM_ID = 1;

  static final int DATA_CHUNK_STREAM = 5;
  static final int AUDIO_CHUNK_STREAM = 6;
  static final int VIDEO_CHUNK_STREAM = 7;

  private final int chunkSize;

  public RtmpFrameFormat(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  public int chunkSize() {
    return chunkSize;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc, MediaFrame frame) {
    int csid =
        switch (frame.kind()) {
          case AUDIO -> AUDIO_CHUNK_STREAM;
          case VIDEO -> VIDEO_CHUNK_STREAM;
          case DATA -> DATA_CHUNK_STREAM;
        };
    return RtmpChunks.encode(
        alloc,
        csid,
        frame.kind().typeId(),
        frame.timestamp(),
        PLAY_STREAM_ID,
        frame.payload(),
        chunkSize);
  }
}
