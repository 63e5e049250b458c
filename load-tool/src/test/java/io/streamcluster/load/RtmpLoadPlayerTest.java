package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.rtmp.RtmpChunkDecoder;
import io.streamcluster.media.rtmp.RtmpChunkEncoder;
import io.streamcluster.media.rtmp.RtmpChunks;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpControlMessages;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpMessageType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtmpLoadPlayerTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final SubscriberStats stats = new SubscriberStats(0, new LoadCounters());
  private final EmbeddedChannel client =
      new EmbeddedChannel(
          new RtmpChunkEncoder(),
          new RtmpLoadPlayer(
              stats, SubscriberTarget.parse(URI.create("rtmp://127.0.0.1:1935/live/bench"))));
  private final EmbeddedChannel server =
      new EmbeddedChannel(new RtmpChunkDecoder(MediaLimits.DEFAULTS));

  @AfterEach
  void closeChannels() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void connectsCreatesAStreamAndPlaysIt() {
    client.pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    assertThat(sent()).containsExactly("connect live rtmp://127.0.0.1:1935/live");

    receive(RtmpCommand.of("_result", 1, Map.of("fmsVer", "FMS/3,0,1,123"), Map.of()), 0);
    assertThat(sent()).containsExactly("createStream");

    receive(RtmpCommand.of("_result", 2, null, 7.0), 0);
    assertThat(sent()).containsExactly("play bench on stream 7", "UserControl");
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void acknowledgesWhenTheServersWindowFillsAndAnswersPings() {
    receive(RtmpControlMessages.windowAckSize(alloc, 1000));
    receive(RtmpControlMessages.pingRequest(alloc, 4242));
    assertThat(sent()).containsExactly("UserControl");

    ByteBuf video = alloc.buffer().writeByte(0x17).writeByte(1).writeZero(1500);
    receive(new RtmpMessage(6, RtmpMessageType.VIDEO, 40, 1, video));
    assertThat(sent()).containsExactly("Acknowledgement");
  }

  @Test
  void givesUpWhenThePlayIsRefused() {
    receive(
        RtmpCommand.of(
            "onStatus", 0, null, Map.of("level", "error", "code", "NetStream.Play.StreamNotFound")),
        1);
    assertThat(client.isOpen()).isFalse();
    assertThat(stats.result(0).failure()).isEqualTo("onStatus NetStream.Play.StreamNotFound");
  }

  private void receive(RtmpCommand command, int messageStreamId) {
    receive(command.toMessage(alloc, 3, messageStreamId));
  }

  private void receive(RtmpMessage message) {
    try {
      client.writeInbound(
          RtmpChunks.encode(
              alloc,
              message.chunkStreamId(),
              message.typeId(),
              message.timestamp(),
              message.messageStreamId(),
              message.payload(),
              RtmpChunks.DEFAULT_CHUNK_SIZE));
    } finally {
      message.release();
    }
  }

  /** What the subscriber wrote since the last call, one short line per message. */
  private List<String> sent() {
    List<String> lines = new ArrayList<>();
    ByteBuf out;
    while ((out = client.readOutbound()) != null) {
      server.writeInbound(out);
    }
    RtmpMessage message;
    while ((message = server.readInbound()) != null) {
      try {
        lines.add(describe(message));
      } finally {
        message.release();
      }
    }
    return lines;
  }

  private static String describe(RtmpMessage message) {
    if (message.typeId() != RtmpMessageType.COMMAND_AMF0) {
      return RtmpMessageType.name(message.typeId());
    }
    RtmpCommand command = RtmpCommand.decode(message);
    return switch (command.name()) {
      case "connect" -> {
        Map<?, ?> properties = (Map<?, ?>) command.commandObject();
        yield "connect " + properties.get("app") + " " + properties.get("tcUrl");
      }
      case "play" -> "play " + command.argument(0) + " on stream " + message.messageStreamId();
      default -> command.name();
    };
  }
}
