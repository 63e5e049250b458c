package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtmpAggregateSplitterTest {

  @Test
  void splitsTagsAndRebasesTheirTimestampsOnTheAggregates() {
    ByteBuf payload = Unpooled.buffer();
    tag(payload, RtmpMessageType.VIDEO, 0x01000010L, new byte[] {1, 2, 3});
    tag(payload, RtmpMessageType.AUDIO, 0x01000030L, new byte[] {4});
    tag(payload, RtmpMessageType.DATA_AMF0, 0x01000030L, new byte[0]);
    RtmpMessage aggregate = new RtmpMessage(6, RtmpMessageType.AGGREGATE, 5000, 1, payload);

    List<RtmpMessage> messages = RtmpAggregateSplitter.split(aggregate);
    try {
      assertThat(messages)
          .extracting(
              RtmpMessage::typeId,
              RtmpMessage::timestamp,
              RtmpMessage::chunkStreamId,
              RtmpMessage::messageStreamId)
          .containsExactly(
              tuple(RtmpMessageType.VIDEO, 5000L, 6, 1),
              tuple(RtmpMessageType.AUDIO, 5032L, 6, 1),
              tuple(RtmpMessageType.DATA_AMF0, 5032L, 6, 1));
      assertThat(ByteBufUtil.getBytes(messages.get(0).payload())).containsExactly(1, 2, 3);
      assertThat(ByteBufUtil.getBytes(messages.get(1).payload())).containsExactly(4);
      assertThat(messages.get(2).payload().readableBytes()).isZero();
      assertThat(aggregate.payload().readerIndex()).isZero();
    } finally {
      messages.forEach(RtmpMessage::release);
      aggregate.release();
    }
  }

  @Test
  void rejectsATagLongerThanTheAggregateWithoutLeaking() {
    ByteBuf payload = Unpooled.buffer();
    tag(payload, RtmpMessageType.AUDIO, 0, new byte[] {1});
    payload
        .writeByte(RtmpMessageType.VIDEO)
        .writeMedium(100)
        .writeMedium(0)
        .writeByte(0)
        .writeMedium(0);
    payload.writeBytes(new byte[10]);
    RtmpMessage aggregate = new RtmpMessage(6, RtmpMessageType.AGGREGATE, 0, 1, payload);
    try {
      assertThatThrownBy(() -> RtmpAggregateSplitter.split(aggregate))
          .isInstanceOf(RtmpProtocolException.class);
      assertThat(aggregate.refCnt()).isEqualTo(1);
    } finally {
      aggregate.release();
    }
  }

  @Test
  void rejectsTrailingBytesThatAreNotATag() {
    ByteBuf payload = Unpooled.buffer();
    tag(payload, RtmpMessageType.AUDIO, 0, new byte[] {1});
    payload.writeBytes(new byte[5]);
    RtmpMessage aggregate = new RtmpMessage(6, RtmpMessageType.AGGREGATE, 0, 1, payload);
    try {
      assertThatThrownBy(() -> RtmpAggregateSplitter.split(aggregate))
          .isInstanceOf(RtmpProtocolException.class);
    } finally {
      aggregate.release();
    }
  }

  private static void tag(ByteBuf out, int type, long timestamp, byte[] body) {
    out.writeByte(type);
    out.writeMedium(body.length);
    out.writeMedium((int) timestamp & 0xFFFFFF);
    out.writeByte((int) (timestamp >>> 24));
    out.writeMedium(0);
    out.writeBytes(body);
    out.writeInt(11 + body.length);
  }
}
