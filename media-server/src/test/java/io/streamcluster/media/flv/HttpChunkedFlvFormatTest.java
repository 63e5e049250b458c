package io.streamcluster.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.stream.MediaFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpChunkedFlvFormatTest {

  @Test
  void aFrameIsItsFlvTagAsOneHttpChunk() {
    MediaFrame frame = MediaFrame.of(MediaFrame.Kind.VIDEO, 0x01020304L, body(300));
    try {
      ByteBuf tag = FlvTagFormat.INSTANCE.encode(ByteBufAllocator.DEFAULT, frame);
      ByteBuf chunk = HttpChunkedFlvFormat.INSTANCE.encode(ByteBufAllocator.DEFAULT, frame);
      try {
        // 11 + 300 + 4 = 315 = 0x13b
        String sizeLine = "13b\r\n";
        assertThat(chunk.toString(0, sizeLine.length(), StandardCharsets.US_ASCII))
            .isEqualTo(sizeLine);
        assertThat(ByteBufUtil.equals(chunk, sizeLine.length(), tag, 0, tag.readableBytes()))
            .isTrue();
        assertThat(
                chunk.toString(
                    sizeLine.length() + tag.readableBytes(), 2, StandardCharsets.US_ASCII))
            .isEqualTo("\r\n");
        assertThat(chunk.readableBytes()).isEqualTo(sizeLine.length() + 315 + 2);
      } finally {
        tag.release();
        chunk.release();
      }
    } finally {
      frame.release();
    }
  }

  @Test
  void theSizeLineIsLowerCaseHexWithoutLeadingZeros() {
    for (int bodySize : new int[] {1, 5, 241, 4096, 1 << 20}) {
      MediaFrame frame = MediaFrame.of(MediaFrame.Kind.AUDIO, 0, body(bodySize));
      ByteBuf chunk = HttpChunkedFlvFormat.INSTANCE.encode(ByteBufAllocator.DEFAULT, frame);
      try {
        String expected = Integer.toHexString(bodySize + 15) + "\r\n";
        assertThat(chunk.toString(0, expected.length(), StandardCharsets.US_ASCII))
            .isEqualTo(expected);
      } finally {
        chunk.release();
        frame.release();
      }
    }
  }

  private static ByteBuf body(int size) {
    ByteBuf body = Unpooled.buffer(size);
    for (int i = 0; i < size; i++) {
      body.writeByte(i);
    }
    return body;
  }
}
