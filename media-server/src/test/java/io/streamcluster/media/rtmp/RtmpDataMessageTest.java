package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.amf.Amf0;
import io.streamcluster.media.amf.EcmaArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpDataMessageTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void decodesAndUnwrapsSetDataFrame() {
    EcmaArray metadata = new EcmaArray();
    metadata.put("width", 1024.0);
    metadata.put("height", 768.0);
    ByteBuf payload = Unpooled.buffer();
    Amf0.encodeAll(payload, "@setDataFrame", "onMetaData", metadata);
    RtmpMessage message = new RtmpMessage(4, RtmpMessageType.DATA_AMF0, 0, 1, payload);
    try {
      RtmpDataMessage data = RtmpDataMessage.decode(message);
      assertThat(data.name()).isEqualTo(RtmpDataMessage.SET_DATA_FRAME);

      RtmpDataMessage unwrapped = data.withoutSetDataFrame();

      assertThat(unwrapped).isEqualTo(RtmpDataMessage.of("onMetaData", metadata));
      assertThat(unwrapped.value(0)).isInstanceOf(EcmaArray.class);
      assertThat(unwrapped.withoutSetDataFrame()).isSameAs(unwrapped);
    } finally {
      message.release();
    }
  }

  @Test
  void roundTripsADataMessageAndReadsTheAmf3Form() {
    RtmpDataMessage onMetaData = RtmpDataMessage.of("onMetaData", Map.of("duration", 0.0));
    RtmpMessage message = onMetaData.toMessage(alloc, 5, 1234, 1);
    ByteBuf amf3Payload =
        Unpooled.buffer()
            .writeByte(0)
            .writeBytes(message.payload(), 0, message.payload().readableBytes());
    RtmpMessage amf3 = new RtmpMessage(5, RtmpMessageType.DATA_AMF3, 1234, 1, amf3Payload);
    try {
      assertThat(message.typeId()).isEqualTo(RtmpMessageType.DATA_AMF0);
      assertThat(message.timestamp()).isEqualTo(1234);
      assertThat(RtmpDataMessage.decode(message)).isEqualTo(onMetaData);
      assertThat(RtmpDataMessage.decode(amf3)).isEqualTo(onMetaData);
    } finally {
      message.release();
      amf3.release();
    }
  }
}
