package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtmpMessageScannerTest {

  private static final String[] EXPECTED_MEDIA = {
    "9@16777216:300 key", "8@100:3", "9@16777256:2", "9@16777296:2"
  };

  private final RecordingSink media = new RecordingSink();
  private final List<String> control = new ArrayList<>();
  private final RtmpMessageScanner scanner =
      new RtmpMessageScanner(
          PooledByteBufAllocator.DEFAULT,
          media,
          (typeId, streamId, timestamp, payload) ->
              control.add(typeId + "/" + streamId + ":" + ByteBufUtil.hexDump(payload)));

  @Test
  void followsChunkHeadersAndSkipsMediaPayloads() {
    ByteBuf in = session();
    try {
      assertThat(scanner.scan(in)).as(scanner.failure()).isTrue();
    } finally {
      in.release();
      scanner.release();
    }
    assertThat(media.media).containsExactly(EXPECTED_MEDIA);
    assertThat(control).containsExactly("1/0:000000c8", "20/1:" + "ab".repeat(250));
    assertThat(scanner.chunkSize()).isEqualTo(200);
    assertThat(scanner.messages()).isEqualTo(6);
  }

  @Test
  void givesTheSameAnswerWhenBytesArriveOneByOne() {
    ByteBuf in = session();
    try {
      while (in.isReadable()) {
        assertThat(scanner.scan(in.readSlice(1))).as(scanner.failure()).isTrue();
      }
    } finally {
      in.release();
      scanner.release();
    }
    assertThat(media.media).containsExactly(EXPECTED_MEDIA);
    assertThat(control).hasSize(2);
  }

  @Test
  void releasesAHalfAssembledCommandWhenTheConnectionEnds() {
    ByteBuf in = Unpooled.buffer();
    in.writeByte(0x03); // fmt 0, csid 3
    in.writeMedium(0);
    in.writeMedium(300);
    in.writeByte(20);
    in.writeIntLE(0);
    in.writeZero(128);
    try {
      assertThat(scanner.scan(in)).isTrue();
    } finally {
      in.release();
      scanner.release();
    }
    assertThat(control).isEmpty();
  }

  @Test
  void rejectsAChunkStreamThatStartsWithoutAFullHeader() {
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {(byte) 0xC5, 1, 2, 3});
    try {
      assertThat(scanner.scan(in)).isFalse();
    } finally {
      in.release();
      scanner.release();
    }
    assertThat(scanner.failure()).contains("chunk stream 5");
  }

  /**
   * Set Chunk Size 200; a 300-byte video keyframe with an extended timestamp in two chunks, with an
   * audio message on another chunk stream between them; two more video messages with type 2 and
   * type 3 headers (delta 40); a 250-byte command on a chunk stream id that needs two bytes.
   */
  private static ByteBuf session() {
    ByteBuf out = Unpooled.buffer();
    // Set Chunk Size 200 on csid 2.
    out.writeByte(0x02);
    out.writeMedium(0);
    out.writeMedium(4);
    out.writeByte(1);
    out.writeIntLE(0);
    out.writeInt(200);

    // Video, csid 6, fmt 0, extended timestamp 0x01000000, 300 bytes.
    out.writeByte(0x06);
    out.writeMedium(0xFFFFFF);
    out.writeMedium(300);
    out.writeByte(9);
    out.writeIntLE(1);
    out.writeInt(0x01000000);
    out.writeByte(0x17).writeByte(0x01).writeZero(198);

    // Audio, csid 4, fmt 0, ts 100, 3 bytes, in the middle of the video message.
    out.writeByte(0x04);
    out.writeMedium(100);
    out.writeMedium(3);
    out.writeByte(8);
    out.writeIntLE(1);
    out.writeBytes(new byte[] {(byte) 0xAF, 1, 0});

    // The video's second chunk: fmt 3, with the extended timestamp repeated.
    out.writeByte(0xC6);
    out.writeInt(0x01000000);
    out.writeZero(100);

    // Video, csid 6, fmt 1 (delta 40, 2 bytes, inter frame).
    out.writeByte(0x46);
    out.writeMedium(40);
    out.writeMedium(2);
    out.writeByte(9);
    out.writeBytes(new byte[] {0x27, 1});
    // fmt 3 starting a new message: same length and delta.
    out.writeByte(0xC6);
    out.writeBytes(new byte[] {0x27, 1});

    // Command, csid 64 + 10 (two-byte basic header), message stream 1, 250 bytes in two chunks.
    out.writeByte(0x00).writeByte(10);
    out.writeMedium(0);
    out.writeMedium(250);
    out.writeByte(20);
    out.writeIntLE(1);
    byte[] body = new byte[250];
    java.util.Arrays.fill(body, (byte) 0xAB);
    out.writeBytes(body, 0, 200);
    out.writeByte(0xC0).writeByte(10);
    out.writeBytes(body, 200, 50);
    return out;
  }
}
