package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RtmpControlMessagesTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void buildsProtocolControlMessagesOnTheControlChunkStream() {
    assertMessage(
        a -> RtmpControlMessages.setChunkSize(a, 4096), RtmpMessageType.SET_CHUNK_SIZE, "00001000");
    assertMessage(a -> RtmpControlMessages.abort(a, 6), RtmpMessageType.ABORT, "00000006");
    assertMessage(
        a -> RtmpControlMessages.acknowledgement(a, 0x1_0000_0005L),
        RtmpMessageType.ACKNOWLEDGEMENT,
        "00000005");
    assertMessage(
        a -> RtmpControlMessages.windowAckSize(a, 2_500_000),
        RtmpMessageType.WINDOW_ACK_SIZE,
        "002625a0");
    assertMessage(
        a -> RtmpControlMessages.setPeerBandwidth(a, 2_500_000, PeerBandwidthLimit.DYNAMIC),
        RtmpMessageType.SET_PEER_BANDWIDTH,
        "002625a002");
  }

  @Test
  void buildsUserControlEvents() {
    assertMessage(
        a -> RtmpControlMessages.streamBegin(a, 1), RtmpMessageType.USER_CONTROL, "000000000001");
    assertMessage(
        a -> RtmpControlMessages.streamEof(a, 1), RtmpMessageType.USER_CONTROL, "000100000001");
    assertMessage(
        a -> RtmpControlMessages.streamDry(a, 1), RtmpMessageType.USER_CONTROL, "000200000001");
    assertMessage(
        a -> RtmpControlMessages.streamIsRecorded(a, 1),
        RtmpMessageType.USER_CONTROL,
        "000400000001");
    assertMessage(
        a -> RtmpControlMessages.pingRequest(a, 0xFFFFFFFEL),
        RtmpMessageType.USER_CONTROL,
        "0006fffffffe");
    assertMessage(
        a -> RtmpControlMessages.pingResponse(a, 7), RtmpMessageType.USER_CONTROL, "000700000007");
    assertMessage(
        a -> RtmpControlMessages.setBufferLength(a, 1, 3000),
        RtmpMessageType.USER_CONTROL,
        "00030000000100000bb8");
  }

  @Test
  void parsesUserControlEventsIncludingSetBufferLength() {
    assertThat(parse("000000000001"))
        .isEqualTo(new UserControlEvent(UserControlEvent.STREAM_BEGIN, 1));
    assertThat(parse("0006fffffffe"))
        .isEqualTo(new UserControlEvent(UserControlEvent.PING_REQUEST, 0xFFFFFFFEL));
    assertThat(parse("00030000000100000bb8"))
        .isEqualTo(new UserControlEvent(UserControlEvent.SET_BUFFER_LENGTH, 1, 3000));
    assertThat(parse("001f")).isEqualTo(new UserControlEvent(31, 0));
  }

  @Test
  void rejectsUserControlEventsTooShortForTheirType() {
    assertThatThrownBy(() -> parse("00")).isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> parse("000000")).isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> parse("000300000001")).isInstanceOf(RtmpProtocolException.class);
  }

  @Test
  void parsesTheEventsItBuilds() {
    RtmpMessage message = RtmpControlMessages.setBufferLength(alloc, 3, 100);
    try {
      assertThat(UserControlEvent.parse(message))
          .isEqualTo(new UserControlEvent(UserControlEvent.SET_BUFFER_LENGTH, 3, 100));
    } finally {
      message.release();
    }
  }

  private UserControlEvent parse(String hex) {
    var payload = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    try {
      return UserControlEvent.parse(payload);
    } finally {
      payload.release();
    }
  }

  private void assertMessage(
      Function<ByteBufAllocator, RtmpMessage> factory, int type, String payloadHex) {
    RtmpMessage message = factory.apply(alloc);
    try {
      assertThat(message.chunkStreamId()).isEqualTo(2);
      assertThat(message.messageStreamId()).isZero();
      assertThat(message.timestamp()).isZero();
      assertThat(message.typeId()).isEqualTo(type);
      assertThat(ByteBufUtil.hexDump(message.payload())).isEqualTo(payloadHex);
    } finally {
      message.release();
    }
  }
}
