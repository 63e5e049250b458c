package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.stream.MediaFrame;

/** Frames as a publisher sends them: FLV video and audio bodies around made-up media. */
final class FlvBodies {

  private FlvBodies() {}

  static MediaFrame videoHeader(long timestamp, byte[] avcC) {
    ByteBuf body = Unpooled.buffer().writeByte(0x17).writeByte(0).writeMedium(0).writeBytes(avcC);
    return MediaFrame.of(MediaFrame.Kind.VIDEO, timestamp, body);
  }

  /** A picture: one length-prefixed NAL unit of {@code size} bytes. */
  static MediaFrame picture(long timestamp, boolean keyframe, int size) {
    ByteBuf body =
        Unpooled.buffer()
            .writeByte(keyframe ? 0x17 : 0x27)
            .writeByte(1)
            .writeMedium(0)
            .writeInt(size)
            .writeByte(keyframe ? 0x65 : 0x41)
            .writeZero(size - 1);
    return MediaFrame.of(MediaFrame.Kind.VIDEO, timestamp, body);
  }

  static MediaFrame audioHeader(long timestamp, byte[] asc) {
    ByteBuf body = Unpooled.buffer().writeByte(0xAF).writeByte(0).writeBytes(asc);
    return MediaFrame.of(MediaFrame.Kind.AUDIO, timestamp, body);
  }

  static MediaFrame aacFrame(long timestamp) {
    ByteBuf body = Unpooled.buffer().writeByte(0xAF).writeByte(1).writeZero(200);
    return MediaFrame.of(MediaFrame.Kind.AUDIO, timestamp, body);
  }
}
