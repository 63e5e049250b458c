package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FlvTagScannerTest {

  private static final String[] EXPECTED = {
    "18@0:5", "9@0:6", "8@0:4", "9@40:7 key", "9@16777296:3", "8@16777296:0"
  };

  @Test
  void findsTagsTypesTimestampsAndKeyframes() {
    RecordingSink sink = new RecordingSink();
    FlvTagScanner scanner = new FlvTagScanner(sink);
    ByteBuf in = flvStream();
    try {
      assertThat(scanner.scan(in, in.readableBytes())).isTrue();
      assertThat(in.isReadable()).isFalse();
    } finally {
      in.release();
    }
    assertThat(sink.media).containsExactly(EXPECTED);
    assertThat(scanner.tags()).isEqualTo(6);
  }

  @Test
  void givesTheSameAnswerWhenBytesArriveOneByOne() {
    RecordingSink sink = new RecordingSink();
    FlvTagScanner scanner = new FlvTagScanner(sink);
    ByteBuf in = flvStream();
    try {
      while (in.isReadable()) {
        assertThat(scanner.scan(in, 1)).isTrue();
      }
    } finally {
      in.release();
    }
    assertThat(sink.media).containsExactly(EXPECTED);
  }

  @Test
  void rejectsInputThatIsNotFlv() {
    FlvTagScanner scanner = new FlvTagScanner(new RecordingSink());
    ByteBuf in = Unpooled.copiedBuffer("<html>nope</html>", StandardCharsets.US_ASCII);
    try {
      assertThat(scanner.scan(in, in.readableBytes())).isFalse();
    } finally {
      in.release();
    }
    assertThat(scanner.failure()).contains("signature");
  }

  @Test
  void readsAChunkedHttpResponseSplitAnywhere() {
    ByteBuf flv = flvStream();
    ByteBuf response = Unpooled.buffer();
    response.writeCharSequence(
        "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nTransfer-Encoding: chunked\r\n\r\n",
        StandardCharsets.US_ASCII);
    int[] chunkSizes = {3, 20, 1, 40};
    int i = 0;
    while (flv.isReadable()) {
      int n = Math.min(chunkSizes[i++ % chunkSizes.length], flv.readableBytes());
      response.writeCharSequence(Integer.toHexString(n) + ";ext=1\r\n", StandardCharsets.US_ASCII);
      response.writeBytes(flv, n);
      response.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
    }
    flv.release();
    response.writeCharSequence("0\r\n\r\n", StandardCharsets.US_ASCII);

    RecordingSink sink = new RecordingSink();
    HttpFlvResponseScanner scanner = new HttpFlvResponseScanner(sink);
    try {
      while (response.isReadable()) {
        ByteBuf slice = response.readSlice(Math.min(7, response.readableBytes()));
        assertThat(scanner.scan(slice)).as(scanner.failure()).isTrue();
      }
    } finally {
      response.release();
    }
    assertThat(scanner.status()).isEqualTo(200);
    assertThat(sink.media).containsExactly(EXPECTED);
    assertThat(scanner.done()).isTrue();
  }

  @Test
  void failsOnAnErrorStatus() {
    HttpFlvResponseScanner scanner = new HttpFlvResponseScanner(new RecordingSink());
    ByteBuf response =
        Unpooled.copiedBuffer(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", StandardCharsets.US_ASCII);
    try {
      assertThat(scanner.scan(response)).isFalse();
    } finally {
      response.release();
    }
    assertThat(scanner.failure()).isEqualTo("HTTP status 404");
  }

  /** An FLV header and six tags: metadata, AVC sequence header, audio, keyframe, inter frame. */
  static ByteBuf flvStream() {
    ByteBuf out = Unpooled.buffer();
    out.writeBytes(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9});
    out.writeInt(0);
    tag(out, 18, 0, new byte[] {2, 0, 0, 0, 0});
    tag(out, 9, 0, new byte[] {0x17, 0, 0, 0, 0, 1});
    tag(out, 8, 0, new byte[] {(byte) 0xAF, 1, 2, 3});
    tag(out, 9, 40, new byte[] {0x17, 1, 0, 0, 0, 9, 9});
    // A timestamp past 24 bits uses the extension byte.
    tag(out, 9, 0x1000050, new byte[] {0x27, 1, 0});
    tag(out, 8, 0x1000050, new byte[0]);
    return out;
  }

  private static void tag(ByteBuf out, int type, long timestamp, byte[] body) {
    out.writeByte(type);
    out.writeMedium(body.length);
    out.writeMedium((int) (timestamp & 0xFFFFFF));
    out.writeByte((int) (timestamp >>> 24));
    out.writeMedium(0);
    out.writeBytes(body);
    out.writeInt(11 + body.length);
  }
}
