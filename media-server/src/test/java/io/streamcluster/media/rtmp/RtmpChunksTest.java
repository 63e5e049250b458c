package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.limits.PeerAdmission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtmpChunksTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final Random random = new Random(7);

  @Test
  void writesATypeZeroHeaderThenTypeThreeContinuations() {
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5});
    ByteBuf chunks =
        RtmpChunks.encode(alloc, 4, RtmpMessageType.AUDIO, 0x0A0B0C, 0x01020304, payload, 2);
    try {
      assertThat(ByteBufUtil.hexDump(chunks))
          .isEqualTo(
              "04"
                  + "0a0b0c"
                  + "000005"
                  + "08"
                  + "04030201"
                  + "0102"
                  + "c4"
                  + "0304"
                  + "c4"
                  + "05");
    } finally {
      chunks.release();
      payload.release();
    }
  }

  @Test
  void repeatsTheExtendedTimestampAfterEveryContinuationHeader() {
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    ByteBuf chunks = RtmpChunks.encode(alloc, 3, RtmpMessageType.VIDEO, 0xFFFFFF, 1, payload, 2);
    try {
      assertThat(ByteBufUtil.hexDump(chunks))
          .isEqualTo(
              "03"
                  + "ffffff"
                  + "000003"
                  + "09"
                  + "01000000"
                  + "00ffffff"
                  + "0102"
                  + "c3"
                  + "00ffffff"
                  + "03");
    } finally {
      chunks.release();
      payload.release();
    }
  }

  @Test
  void writesTwoAndThreeByteBasicHeadersForHighChunkStreamIds() {
    assertThat(hexOfHeader(64)).startsWith("0000");
    assertThat(hexOfHeader(319)).startsWith("00ff");
    assertThat(hexOfHeader(320)).startsWith("01" + "0001");
    assertThat(hexOfHeader(65_599)).startsWith("01" + "ffff");
  }

  @Test
  void isDeterministicAndLeavesThePayloadAlone() {
    ByteBuf payload = Unpooled.wrappedBuffer(randomBytes(1000));
    payload.readerIndex(10);
    ByteBuf first =
        RtmpChunks.encode(alloc, 6, RtmpMessageType.VIDEO, 0x1234_5678L, 1, payload, 128);
    ByteBuf second =
        RtmpChunks.encode(alloc, 6, RtmpMessageType.VIDEO, 0x1234_5678L, 1, payload, 128);
    try {
      assertThat(ByteBufUtil.equals(first, second)).isTrue();
      assertThat(payload.readerIndex()).isEqualTo(10);
      assertThat(payload.refCnt()).isEqualTo(1);
      assertThat(first.readableBytes())
          .isEqualTo(RtmpChunks.encodedLength(6, 0x1234_5678L, 990, 128));
    } finally {
      first.release();
      second.release();
      payload.release();
    }
  }

  @Test
  void encoderSwitchesChunkSizeRightAfterSendingSetChunkSize() {
    RtmpChunkEncoder encoder = new RtmpChunkEncoder();
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    channel.writeOutbound(RtmpControlMessages.setChunkSize(channel.alloc(), 4096));
    ByteBuf setChunkSize = channel.readOutbound();
    assertThat(setChunkSize.readableBytes()).isEqualTo(12 + 4);
    setChunkSize.release();
    assertThat(encoder.chunkSize()).isEqualTo(4096);

    channel.writeOutbound(
        new RtmpMessage(6, RtmpMessageType.VIDEO, 0, 1, Unpooled.wrappedBuffer(randomBytes(4096))));
    ByteBuf video = channel.readOutbound();
    assertThat(video.readableBytes()).as("one chunk").isEqualTo(12 + 4096);
    video.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void encoderPassesPreEncodedBuffersThroughUntouched() {
    EmbeddedChannel channel = new EmbeddedChannel(new RtmpChunkEncoder());
    ByteBuf preEncoded = Unpooled.wrappedBuffer(new byte[] {9, 8, 7});
    channel.writeOutbound(preEncoded.retainedDuplicate());

    ByteBuf written = channel.readOutbound();
    assertThat(ByteBufUtil.equals(written, preEncoded)).isTrue();
    written.release();
    preEncoded.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void roundTripsRandomMessagesThroughEncoderAndDecoderAtRandomChunkSizes() {
    for (int round = 0; round < 8; round++) {
      int chunkSize = round == 0 ? 128 : 64 + random.nextInt(70_000);
      EmbeddedChannel sender = new EmbeddedChannel(new RtmpChunkEncoder());
      EmbeddedChannel receiver = new EmbeddedChannel(new RtmpChunkDecoder(MediaLimits.DEFAULTS));
      PeerAdmission.admit(receiver);
      sender.writeOutbound(RtmpControlMessages.setChunkSize(sender.alloc(), chunkSize));
      List<Received> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int csid = 3 + random.nextInt(400);
        int type = random.nextBoolean() ? RtmpMessageType.AUDIO : RtmpMessageType.VIDEO;
        long timestamp =
            random.nextInt(4) == 0 ? random.nextLong() & 0xFFFFFFFFL : random.nextInt(100_000);
        int msid = random.nextInt(5);
        byte[] payload = randomBytes(random.nextInt(30_000));
        expected.add(Received.of(csid, type, timestamp, msid, payload));
        sender.writeOutbound(
            new RtmpMessage(csid, type, timestamp, msid, Unpooled.wrappedBuffer(payload)));
      }
      byte[] wire = Received.drainOutbound(sender);
      for (int offset = 0; offset < wire.length; ) {
        int piece = Math.min(wire.length - offset, 1 + random.nextInt(20_000));
        receiver.writeInbound(Unpooled.wrappedBuffer(wire, offset, piece));
        offset += piece;
      }

      assertThat(Received.drainInbound(receiver))
          .as("chunk size %d", chunkSize)
          .isEqualTo(expected);
      sender.finishAndReleaseAll();
      receiver.finishAndReleaseAll();
    }
  }

  private String hexOfHeader(int csid) {
    ByteBuf payload = Unpooled.buffer(0);
    ByteBuf chunks = RtmpChunks.encode(alloc, csid, RtmpMessageType.AUDIO, 0, 0, payload, 128);
    try {
      return HexFormat.of().formatHex(ByteBufUtil.getBytes(chunks));
    } finally {
      chunks.release();
      payload.release();
    }
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
