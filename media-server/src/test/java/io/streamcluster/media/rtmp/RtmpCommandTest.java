package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.amf.Amf0;
import io.streamcluster.media.amf.Amf0Exception;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpCommandTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void roundTripsAConnectCommand() {
    Map<String, Object> commandObject = new LinkedHashMap<>();
    commandObject.put("app", "live");
    commandObject.put("tcUrl", "rtmp://origin:1935/live");
    commandObject.put("objectEncoding", 0.0);
    RtmpCommand connect = RtmpCommand.of("connect", 1, commandObject);

    RtmpMessage message = connect.toMessage(alloc, 3, 0);
    try {
      assertThat(message.typeId()).isEqualTo(RtmpMessageType.COMMAND_AMF0);
      assertThat(message.chunkStreamId()).isEqualTo(3);
      assertThat(RtmpCommand.decode(message)).isEqualTo(connect);
      assertThat(message.payload().readerIndex()).isZero();
    } finally {
      message.release();
    }
  }

  @Test
  void keepsNullCommandObjectsAndNullArguments() {
    RtmpCommand publish = RtmpCommand.of("publish", 5, null, "stream", null, "live");

    RtmpCommand decoded = roundTrip(publish);

    assertThat(decoded.commandObject()).isNull();
    assertThat(decoded.arguments()).containsExactly("stream", null, "live");
    assertThat(decoded.argument(0)).isEqualTo("stream");
    assertThat(decoded.argument(7)).isNull();
  }

  @Test
  void readsAnAmf3CommandThatIsAZeroByteThenAmf0() {
    ByteBuf payload = Unpooled.buffer().writeByte(0);
    Amf0.encodeAll(payload, "play", 4.0, null, "cam1", -2.0);
    RtmpMessage message = new RtmpMessage(8, RtmpMessageType.COMMAND_AMF3, 0, 1, payload);
    try {
      assertThat(RtmpCommand.decode(message))
          .isEqualTo(RtmpCommand.of("play", 4, null, "cam1", -2.0));
    } finally {
      message.release();
    }
  }

  @Test
  void readsACommandWithNothingButAName() {
    ByteBuf payload = Unpooled.buffer();
    Amf0.encode(payload, "FCUnpublish");
    RtmpMessage message = new RtmpMessage(3, RtmpMessageType.COMMAND_AMF0, 0, 0, payload);
    try {
      assertThat(RtmpCommand.decode(message))
          .isEqualTo(new RtmpCommand("FCUnpublish", 0, null, null));
    } finally {
      message.release();
    }
  }

  @Test
  void rejectsMessagesThatAreNotCommands() {
    assertDecodeFails(RtmpMessageType.VIDEO, new byte[] {0x17, 0}, RtmpProtocolException.class);
    assertDecodeFails(
        RtmpMessageType.COMMAND_AMF0,
        new byte[] {0x00, 0, 0, 0, 0, 0, 0, 0, 0},
        RtmpProtocolException.class);
    assertDecodeFails(
        RtmpMessageType.COMMAND_AMF3, new byte[] {0x11, 0x06}, RtmpProtocolException.class);
    assertDecodeFails(
        RtmpMessageType.COMMAND_AMF0, new byte[] {0x02, 0x00, 0x10, 'a'}, Amf0Exception.class);
  }

  private RtmpCommand roundTrip(RtmpCommand command) {
    RtmpMessage message = command.toMessage(alloc, 3, 1);
    try {
      return RtmpCommand.decode(message);
    } finally {
      message.release();
    }
  }

  private static void assertDecodeFails(
      int type, byte[] payload, Class<? extends Exception> error) {
    RtmpMessage message =
        new RtmpMessage(
            3, type, 0, 0, Unpooled.wrappedBuffer(Arrays.copyOf(payload, payload.length)));
    try {
      assertThatThrownBy(() -> RtmpCommand.decode(message)).isInstanceOf(error);
    } finally {
      message.release();
    }
  }
}
