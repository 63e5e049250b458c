package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Hand-made FLV tag bodies for tests: H.264 and AAC as publishers send them. */
final class Frames {

  private Frames() {}

  static MediaFrame videoHeader(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x17, 0x00, 0, 0, 0, 1, 0x64));
  }

  static MediaFrame keyframe(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x17, 0x01, 0, 0, 0, 0x65, 1, 2, 3));
  }

  static MediaFrame interframe(long ts) {
    return MediaFrame.of(MediaFrame.Kind.VIDEO, ts, bytes(0x27, 0x01, 0, 0, 0, 0x41, 4, 5));
  }

  static MediaFrame audioHeader(long ts) {
    return MediaFrame.of(MediaFrame.Kind.AUDIO, ts, bytes(0xAF, 0x00, 0x12, 0x10));
  }

  static MediaFrame audio(long ts) {
    return MediaFrame.of(MediaFrame.Kind.AUDIO, ts, bytes(0xAF, 0x01, 0x21, 0x22));
  }

  static MediaFrame metadata(long ts) {
    return MediaFrame.of(MediaFrame.Kind.DATA, ts, bytes(0x02, 0, 2, 'o', 'n'));
  }

  static ByteBuf bytes(int... values) {
    ByteBuf buf = Unpooled.buffer(values.length);
    for (int value : values) {
      buf.writeByte(value);
    }
    return buf;
  }
}
