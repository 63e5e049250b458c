package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.limits.PeerAdmission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtmpChunkDecoderTest {

  private static final int AUDIO = RtmpMessageType.AUDIO;
  private static final int VIDEO = RtmpMessageType.VIDEO;

  private final Random random = new Random(42);
  private RtmpChunkDecoder decoder = new RtmpChunkDecoder(MediaLimits.DEFAULTS);
  private EmbeddedChannel channel = admitted(new EmbeddedChannel(decoder));

  @AfterEach
  void closeChannel() {
    channel.finishAndReleaseAll();
  }

  @Test
  void reassemblesMessageSplitAcrossChunksAtEveryChunkSize() {
    int[] chunkSizes = {128, 129, 1000, 4096, 60_000, 65_536};
    for (int chunkSize : chunkSizes) {
      channel = newChannel(new RtmpChunkDecoder(MediaLimits.DEFAULTS));
      feedInPieces(encoded(RtmpControlMessages.setChunkSize(channel.alloc(), chunkSize), 128));
      List<Received> expected = new ArrayList<>();
      for (int length :
          new int[] {1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize + 7, 20_000}) {
        byte[] payload = randomBytes(length);
        expected.add(Received.of(6, VIDEO, length, 1, payload));
        feedInPieces(
            RtmpChunks.encode(
                channel.alloc(), 6, VIDEO, length, 1, Unpooled.wrappedBuffer(payload), chunkSize));
      }

      assertThat(Received.drainInbound(channel)).as("chunk size %d", chunkSize).isEqualTo(expected);
      assertThat(channel.isOpen()).isTrue();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void aStrangerMayNotAnnounceAMessageLongerThanThePreAdmissionBytes() {
    channel.finishAndReleaseAll();
    channel = stranger(MediaLimits.DEFAULTS);

    feed(new ChunkBytes().fmt0(3, 0, 64 * 1024 + 1, VIDEO, 1).build());

    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.inboundMessages()).isEmpty();
  }

  @Test
  void aStrangersUnfinishedMessagesTogetherStayWithinThePreAdmissionBytes() {
    // The probe of the issue: many chunk streams, each with a partial message, before connect.
    channel.finishAndReleaseAll();
    channel = stranger(MediaLimits.DEFAULTS);
    int opened = 0;
    for (int csid = 3; csid < 3 + 20 && channel.isOpen(); csid++) {
      feed(new ChunkBytes().fmt0(csid, 0, 16 * 1024, VIDEO, 1).payload(new byte[128]).build());
      opened++;
    }

    assertThat(opened).as("partial 16 KiB messages accepted before the close").isEqualTo(5);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anAdmittedPeerMayNotSendAMessageOverAMegabyteByDefault() {
    feed(new ChunkBytes().fmt0(6, 0, (1 << 20) + 1, VIDEO, 1).build());

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anAdmittedPeerMayHoldTwoWholeMessagesUnfinishedButNotThree() {
    int size = 1 << 20;
    feed(new ChunkBytes().fmt0(4, 0, size, AUDIO, 1).payload(new byte[128]).build());
    feed(new ChunkBytes().fmt0(6, 0, size, VIDEO, 1).payload(new byte[128]).build());
    assertThat(channel.isOpen()).isTrue();

    feed(new ChunkBytes().fmt0(8, 0, 1, VIDEO, 1).build());

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void readsOneTwoAndThreeByteBasicHeaders() {
    int[] csids = {2, 3, 63, 64, 65, 319, 320, 321, 65_599};
    List<Received> expected = new ArrayList<>();
    for (int csid : csids) {
      byte[] payload = randomBytes(300);
      expected.add(Received.of(csid, AUDIO, csid, 1, payload));
      feedInPieces(
          RtmpChunks.encode(
              channel.alloc(), csid, AUDIO, csid, 1, Unpooled.wrappedBuffer(payload), 128));
    }

    assertThat(Received.drainInbound(channel)).isEqualTo(expected);
  }

  @Test
  void reassemblesInterleavedChunkStreams() {
    byte[] audio = randomBytes(300);
    byte[] video = randomBytes(200);
    feed(
        new ChunkBytes()
            .fmt0(4, 100, audio.length, AUDIO, 1)
            .payload(audio, 0, 128)
            .fmt0(6, 90, video.length, VIDEO, 1)
            .payload(video, 0, 128)
            .fmt3(4)
            .payload(audio, 128, 256)
            .fmt3(6)
            .payload(video, 128, 200)
            .fmt3(4)
            .payload(audio, 256, 300)
            .build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(6, VIDEO, 90, 1, video), Received.of(4, AUDIO, 100, 1, audio));
  }

  @Test
  void appliesCompressedHeadersAgainstThePreviousMessageOnTheChunkStream() {
    byte[] a = randomBytes(10);
    byte[] b = randomBytes(20);
    byte[] c = randomBytes(20);
    byte[] d = randomBytes(20);
    feed(
        new ChunkBytes()
            .fmt0(4, 1000, a.length, AUDIO, 7)
            .payload(a)
            .fmt1(4, 40, b.length, VIDEO)
            .payload(b)
            .fmt2(4, 20)
            .payload(c)
            .fmt3(4)
            .payload(d)
            .build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(
            Received.of(4, AUDIO, 1000, 7, a),
            Received.of(4, VIDEO, 1040, 7, b),
            Received.of(4, VIDEO, 1060, 7, c),
            Received.of(4, VIDEO, 1080, 7, d));
  }

  @Test
  void readsExtendedTimestampsRepeatedAfterEveryContinuationHeader() {
    long timestamp = 0x12345678L;
    byte[] payload = randomBytes(300);
    feed(
        new ChunkBytes()
            .message(5, timestamp, VIDEO, 1, payload, 128, /* repeatExtendedTimestamp= */ true)
            .build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(5, VIDEO, timestamp, 1, payload));
  }

  @Test
  void readsExtendedTimestampsThatAreNotRepeatedAfterContinuationHeaders() {
    long timestamp = 0xFFFFFF;
    byte[] payload = randomBytes(300);
    feed(
        new ChunkBytes()
            .message(5, timestamp, VIDEO, 1, payload, 128, /* repeatExtendedTimestamp= */ false)
            .build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(5, VIDEO, timestamp, 1, payload));
  }

  @Test
  void readsAnExtendedDeltaRepeatedByATypeThreeHeaderThatStartsANewMessage() {
    long delta = 0x01000000L;
    byte[] first = randomBytes(50);
    byte[] second = randomBytes(50);
    feed(
        new ChunkBytes()
            .fmt0(5, 1, first.length, AUDIO, 1)
            .payload(first)
            .fmt2(5, delta)
            .payload(first)
            .fmt3(5)
            .int32(delta)
            .payload(second)
            .build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(
            Received.of(5, AUDIO, 1, 1, first),
            Received.of(5, AUDIO, 1 + delta, 1, first),
            Received.of(5, AUDIO, 1 + 2 * delta, 1, second));
  }

  @Test
  void wrapsTimestampDeltasPast2To32() {
    byte[] payload = randomBytes(8);
    feed(
        new ChunkBytes()
            .fmt0(4, 0xFFFFFFF0L, payload.length, AUDIO, 1)
            .payload(payload)
            .fmt2(4, 0x20)
            .payload(payload)
            .fmt3(4)
            .int32(0) // not the extended field: a fmt2 delta of 0x20 fits in 24 bits
            .payload(payload, 0, 4)
            .build());

    assertThat(Received.drainInbound(channel))
        .extracting(Received::timestamp)
        .containsExactly(0xFFFFFFF0L, 0x10L, 0x30L);
  }

  @Test
  void appliesSetChunkSizeToTheChunksThatFollowIt() {
    byte[] before = randomBytes(500);
    byte[] after = randomBytes(5000);
    feed(
        Unpooled.wrappedBuffer(
            encode(6, VIDEO, 0, before, 128),
            encoded(RtmpControlMessages.setChunkSize(channel.alloc(), 4096), 128),
            encode(6, VIDEO, 40, after, 4096)));

    assertThat(decoder.chunkSize()).isEqualTo(4096);
    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(6, VIDEO, 0, 1, before), Received.of(6, VIDEO, 40, 1, after));
  }

  @Test
  void discardsTheAbortedPartialMessage() {
    byte[] abandoned = randomBytes(300);
    byte[] next = randomBytes(100);
    feed(
        Unpooled.wrappedBuffer(
            new ChunkBytes()
                .fmt0(6, 0, abandoned.length, VIDEO, 1)
                .payload(abandoned, 0, 128)
                .build(),
            encoded(RtmpControlMessages.abort(channel.alloc(), 6), 128),
            encode(6, VIDEO, 33, next, 128)));

    assertThat(Received.drainInbound(channel)).containsExactly(Received.of(6, VIDEO, 33, 1, next));
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void acknowledgesEachWindowOfBytesAfterThePeerSetsTheWindow() {
    ByteBuf windowMessage = encoded(RtmpControlMessages.windowAckSize(channel.alloc(), 1000), 128);
    int windowMessageLength = windowMessage.readableBytes();
    feed(windowMessage);
    assertThat(channel.outboundMessages()).isEmpty();

    int total = windowMessageLength;
    List<Long> expectedSequence = new ArrayList<>();
    long lastAck = 0;
    for (int i = 0; i < 10; i++) {
      ByteBuf message = encode(4, AUDIO, i, randomBytes(300), 128);
      total += message.readableBytes();
      feed(message);
      if (total - lastAck >= 1000) {
        expectedSequence.add((long) total);
        lastAck = total;
      }
    }
    Received.drainInbound(channel);

    EmbeddedChannel peer =
        admitted(new EmbeddedChannel(new RtmpChunkDecoder(MediaLimits.DEFAULTS)));
    peer.writeInbound(Unpooled.wrappedBuffer(Received.drainOutbound(channel)));
    List<Received> acks = Received.drainInbound(peer);
    peer.finishAndReleaseAll();
    assertThat(acks)
        .hasSize(expectedSequence.size())
        .allSatisfy(
            ack -> {
              assertThat(ack.csid()).isEqualTo(2);
              assertThat(ack.typeId()).isEqualTo(RtmpMessageType.ACKNOWLEDGEMENT);
            });
    assertThat(acks)
        .extracting(ack -> Long.parseLong(ack.payloadHex(), 16))
        .isEqualTo(expectedSequence);
  }

  @Test
  void passesZeroLengthMessagesOn() {
    feed(new ChunkBytes().fmt0(3, 5, 0, RtmpMessageType.DATA_AMF0, 1).build());

    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(3, RtmpMessageType.DATA_AMF0, 5, 1, new byte[0]));
  }

  @Test
  void closesOnAMessageLargerThanTheLimit() {
    channel = newChannel(new RtmpChunkDecoder(limits(1 << 20, 1000, 64)));
    feed(new ChunkBytes().fmt0(4, 0, 1001, VIDEO, 1).payload(randomBytes(128)).build());

    assertClosedWithNothingDecoded();
  }

  @Test
  void closesOnACompressedHeaderForAnUnknownChunkStream() {
    feed(new ChunkBytes().fmt3(9).payload(randomBytes(100)).build());

    assertClosedWithNothingDecoded();
  }

  @Test
  void closesOnATypeOneHeaderForAnUnknownChunkStream() {
    feed(new ChunkBytes().fmt1(9, 10, 10, AUDIO).payload(randomBytes(10)).build());

    assertClosedWithNothingDecoded();
  }

  @Test
  void closesOnAnAbsurdChunkSize() {
    for (long size : new long[] {0, (1 << 20) + 1, 0x7FFFFFFFL, 0x80000000L}) {
      channel = newChannel(new RtmpChunkDecoder(MediaLimits.DEFAULTS));
      feed(new ChunkBytes().fmt0(2, 0, 4, RtmpMessageType.SET_CHUNK_SIZE, 0).int32(size).build());

      assertClosedWithNothingDecoded();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void closesOnATruncatedControlMessage() {
    feed(
        new ChunkBytes()
            .fmt0(2, 0, 2, RtmpMessageType.SET_CHUNK_SIZE, 0)
            .payload(new byte[2])
            .build());

    assertClosedWithNothingDecoded();
  }

  @Test
  void closesWhenThePeerOpensTooManyChunkStreams() {
    channel = newChannel(new RtmpChunkDecoder(limits(1 << 20, 1 << 20, 3)));
    ByteBuf bytes = Unpooled.buffer();
    for (int csid = 3; csid < 7; csid++) {
      bytes.writeBytes(
          new ChunkBytes().fmt0(csid, 0, 200, VIDEO, 1).payload(randomBytes(128)).build());
    }
    feed(bytes);

    assertClosedWithNothingDecoded();
  }

  @Test
  void closesOnANewHeaderInTheMiddleOfAMessage() {
    feed(
        new ChunkBytes()
            .fmt0(4, 0, 200, VIDEO, 1)
            .payload(randomBytes(128))
            .fmt1(4, 0, 10, VIDEO)
            .payload(randomBytes(10))
            .build());

    assertClosedWithNothingDecoded();
  }

  @Test
  void ignoresEverythingAfterAProtocolError() {
    feed(
        Unpooled.wrappedBuffer(
            new ChunkBytes().fmt3(9).build(), encode(4, AUDIO, 0, randomBytes(10), 128)));

    assertClosedWithNothingDecoded();
  }

  @Test
  void releasesPartialMessagesWhenTheConnectionCloses() {
    feed(
        new ChunkBytes()
            .fmt0(4, 0, 1000, VIDEO, 1)
            .payload(randomBytes(128))
            .fmt0(5, 0, 1000, AUDIO, 1)
            .payload(randomBytes(100))
            .build());

    assertThat(channel.finish()).isFalse();
    assertThat(channel.inboundMessages()).isEmpty();
  }

  @Test
  void decodesWhateverSplitTheBytesArriveIn() {
    byte[] payload = randomBytes(10_000);
    ByteBuf bytes = encode(7, VIDEO, 0x1000000, payload, 128);
    while (bytes.isReadable()) {
      channel.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();

    assertThat(Received.drainInbound(channel))
        .containsExactly(Received.of(7, VIDEO, 0x1000000, 1, payload));
  }

  private void assertClosedWithNothingDecoded() {
    channel.runPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(Received.drainInbound(channel)).isEmpty();
    assertThat(decoder.state()).isEqualTo(RtmpChunkDecoder.State.BAD);
  }

  private EmbeddedChannel newChannel(RtmpChunkDecoder decoder) {
    this.decoder = decoder;
    return admitted(new EmbeddedChannel(decoder));
  }

  /** A publisher's or player's connection: most tests here are about reassembly, not strangers. */
  private static EmbeddedChannel admitted(EmbeddedChannel channel) {
    PeerAdmission.admit(channel);
    return channel;
  }

  private static EmbeddedChannel stranger(MediaLimits limits) {
    return new EmbeddedChannel(new RtmpChunkDecoder(limits));
  }

  private void feed(ByteBuf bytes) {
    channel.writeInbound(bytes);
  }

  private void feedInPieces(ByteBuf bytes) {
    while (bytes.isReadable()) {
      int piece = Math.min(bytes.readableBytes(), 1 + random.nextInt(9000));
      channel.writeInbound(bytes.readRetainedSlice(piece));
    }
    bytes.release();
  }

  private ByteBuf encode(int csid, int typeId, long timestamp, byte[] payload, int chunkSize) {
    return RtmpChunks.encode(
        channel.alloc(), csid, typeId, timestamp, 1, Unpooled.wrappedBuffer(payload), chunkSize);
  }

  private ByteBuf encoded(RtmpMessage message, int chunkSize) {
    try {
      return RtmpChunks.encode(
          channel.alloc(),
          message.chunkStreamId(),
          message.typeId(),
          message.timestamp(),
          message.messageStreamId(),
          message.payload(),
          chunkSize);
    } finally {
      message.release();
    }
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static MediaLimits limits(int maxChunkSize, int maxMessageSize, int maxChunkStreams) {
    return MediaLimits.builder()
        .maxIncomingChunkSize(maxChunkSize)
        .maxMessageSize(maxMessageSize)
        .maxChunkStreams(maxChunkStreams)
        .build();
  }
}
