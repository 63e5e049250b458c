package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpControlMessages;
import io.streamcluster.media.rtmp.RtmpDataMessage;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.UserControlEvent;
import io.streamcluster.media.stream.RecordingPlayer;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The edge's side of an RTMP play conversation with an origin, without sockets. */
class UpstreamPullHandlerTest {

  private static final OriginAddress ORIGIN = new OriginAddress("10.0.0.7", 1935);

  private final StreamRegistry registry =
      new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
  private final List<String> reports = new ArrayList<>();
  private final EmbeddedChannel origin =
      new EmbeddedChannel(new UpstreamPullHandler(registry, upstream(), listener()));

  @AfterEach
  void close() {
    origin.finishAndReleaseAll();
  }

  @Test
  void afterTheHandshakeItConnectsToLiveCreatesAStreamAndPlaysTheStream() {
    origin.pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    List<RtmpCommand> connect = commandsSent();
    assertThat(connect).hasSize(1);
    assertThat(connect.get(0).name()).isEqualTo("connect");
    Map<?, ?> properties = (Map<?, ?>) connect.get(0).commandObject();
    assertThat(properties.get("app")).isEqualTo("live");
    assertThat(properties.get("tcUrl")).isEqualTo("rtmp://10.0.0.7:1935/live");

    origin.writeInbound(connectSucceeded());
    assertThat(sent()).containsExactly("WindowAckSize", "createStream");

    origin.writeInbound(reply("_result", 2, null, 1.0));
    List<RtmpMessage> play = readOutbound();
    try {
      assertThat(play).hasSize(2);
      RtmpCommand command = RtmpCommand.decode(play.get(0));
      assertThat(command.name()).isEqualTo("play");
      assertThat(command.argument(0)).isEqualTo("cam");
      assertThat(play.get(0).messageStreamId()).isEqualTo(1);
      UserControlEvent buffer = UserControlEvent.parse(play.get(1));
      assertThat(buffer.type()).isEqualTo(UserControlEvent.SET_BUFFER_LENGTH);
      assertThat(buffer.value()).isEqualTo(1);
    } finally {
      play.forEach(RtmpMessage::release);
    }
    assertThat(reports).isEmpty();
  }

  @Test
  void playStartMakesTheOriginTheStreamsSourceAndItsMediaAndMetadataReachPlayers() {
    RecordingPlayer player = new RecordingPlayer(origin.eventLoop()).join(registry, "cam");
    playUntilRequested();

    origin.writeInbound(onStatus("NetStream.Play.Reset"), onStatus("NetStream.Play.Start"));
    origin.writeInbound(data("|RtmpSampleAccess", true, true));
    origin.writeInbound(data(RtmpDataMessage.SET_DATA_FRAME, "onMetaData", metadata()));
    origin.writeInbound(media(RtmpMessageType.VIDEO, 0, 0x17, 0x00, 0, 0, 0, 1, 0x64));
    origin.writeInbound(media(RtmpMessageType.AUDIO, 0, 0xAF, 0x00, 0x12, 0x10));
    origin.writeInbound(media(RtmpMessageType.VIDEO, 40, 0x17, 0x01, 0, 0, 0, 0x65, 1));
    origin.pipeline().fireChannelReadComplete();
    origin.runPendingTasks();

    assertThat(reports).containsExactly("started");
    assertThat(registry.find("cam").orElseThrow().source())
        .isEqualTo("upstream rtmp://10.0.0.7:1935/live/cam");
    assertThat(player.events)
        .containsExactly(
            "attached waiting",
            "published",
            "DATA@0",
            "VIDEO@0 header",
            "AUDIO@0 header",
            "VIDEO@40 key");
    player.leave();
  }

  @Test
  void anAggregateMessageIsSplitIntoItsFrames() {
    RecordingPlayer player = new RecordingPlayer(origin.eventLoop()).join(registry, "cam");
    playUntilRequested();
    origin.writeInbound(onStatus("NetStream.Play.Start"));

    ByteBuf tags = Unpooled.buffer();
    tag(tags, RtmpMessageType.VIDEO, 100, 0x17, 0x01, 0, 0, 0, 0x65);
    tag(tags, RtmpMessageType.AUDIO, 120, 0xAF, 0x01, 0x21);
    origin.writeInbound(new RtmpMessage(4, RtmpMessageType.AGGREGATE, 100, 1, tags));
    origin.pipeline().fireChannelReadComplete();
    origin.runPendingTasks();

    assertThat(player.events).endsWith("VIDEO@100 key", "AUDIO@120");
    player.leave();
  }

  @Test
  void streamNotFoundEndsThePullWithoutEverPublishing() {
    playUntilRequested();

    origin.writeInbound(onStatus("NetStream.Play.StreamNotFound"));

    assertThat(reports).containsExactly("ended NOT_FOUND");
    assertThat(origin.isOpen()).isFalse();
    assertThat(registry.find("cam")).isEmpty();
  }

  @Test
  void aRejectedConnectEndsThePullAsNotFound() {
    origin.pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    sent();

    origin.writeInbound(reply("_error", 1, null, status("NetConnection.Connect.Rejected")));

    assertThat(reports).containsExactly("ended NOT_FOUND");
    assertThat(origin.isOpen()).isFalse();
  }

  @Test
  void losingTheConnectionClosesThePublicationAndPlayersWaitForTheNextSource() {
    RecordingPlayer player = new RecordingPlayer(origin.eventLoop()).join(registry, "cam");
    playUntilRequested();
    origin.writeInbound(onStatus("NetStream.Play.Start"));
    assertThat(registry.find("cam").orElseThrow().isLive()).isTrue();

    origin.close();
    origin.runPendingTasks();

    assertThat(reports).containsExactly("started", "ended LOST");
    assertThat(registry.find("cam").orElseThrow().isLive()).isFalse();
    assertThat(player.events).endsWith("published", "unpublished");
    player.leave();
  }

  @Test
  void theOriginsPublisherLeavingEndsThePull() {
    playUntilRequested();
    origin.writeInbound(onStatus("NetStream.Play.Start"));

    origin.writeInbound(onStatus("NetStream.Play.UnpublishNotify"));

    assertThat(reports).containsExactly("started", "ended UNPUBLISHED");
    assertThat(origin.isOpen()).isFalse();
    assertThat(registry.find("cam")).isEmpty();
  }

  @Test
  void mediaBeforePlayStartIsDropped() {
    playUntilRequested();

    origin.writeInbound(media(RtmpMessageType.VIDEO, 0, 0x17, 0x01, 0, 0, 0, 0x65));
    origin.pipeline().fireChannelReadComplete();

    assertThat(registry.find("cam")).isEmpty();
  }

  @Test
  void pingRequestsAreAnswered() {
    playUntilRequested();

    origin.writeInbound(RtmpControlMessages.pingRequest(ByteBufAllocator.DEFAULT, 1234));
    origin.pipeline().fireChannelReadComplete();

    List<RtmpMessage> out = readOutbound();
    try {
      assertThat(out).hasSize(1);
      UserControlEvent pong = UserControlEvent.parse(out.get(0));
      assertThat(pong.type()).isEqualTo(UserControlEvent.PING_RESPONSE);
      assertThat(pong.value()).isEqualTo(1234);
    } finally {
      out.forEach(RtmpMessage::release);
    }
  }

  private void playUntilRequested() {
    origin.pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    origin.writeInbound(connectSucceeded());
    origin.writeInbound(reply("_result", 2, null, 1.0));
    assertThat(sent()).contains("connect", "createStream", "play");
  }

  private Upstream upstream() {
    return new Upstream() {
      @Override
      public OriginAddress origin() {
        return ORIGIN;
      }

      @Override
      public String stream() {
        return "cam";
      }

      @Override
      public void close() {
        origin.close();
      }
    };
  }

  private UpstreamListener listener() {
    return new UpstreamListener() {
      @Override
      public void started(Upstream upstream) {
        reports.add("started");
      }

      @Override
      public void ended(Upstream upstream, UpstreamEnd end) {
        reports.add("ended " + end.reason());
      }
    };
  }

  private static RtmpMessage connectSucceeded() {
    return reply(
        "_result", 1, Map.of("fmsVer", "FMS/3,5,7,7009"), status("NetConnection.Connect.Success"));
  }

  private static RtmpMessage reply(String name, double tx, Object object, Object... args) {
    return RtmpCommand.of(name, tx, object, args).toMessage(ByteBufAllocator.DEFAULT, 3, 0);
  }

  private static RtmpMessage onStatus(String code) {
    return RtmpCommand.of("onStatus", 0, null, status(code))
        .toMessage(ByteBufAllocator.DEFAULT, 5, 1);
  }

  private static Map<String, Object> status(String code) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", code.contains("NotFound") || code.contains("Rejected") ? "error" : "status");
    info.put("code", code);
    info.put("description", code);
    return info;
  }

  private static Map<String, Object> metadata() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("width", 1024.0);
    values.put("height", 768.0);
    return values;
  }

  private static RtmpMessage data(String name, Object... values) {
    return RtmpDataMessage.of(name, values).toMessage(ByteBufAllocator.DEFAULT, 5, 0, 1);
  }

  private static RtmpMessage media(int type, long ts, int... bytes) {
    ByteBuf payload = Unpooled.buffer();
    for (int b : bytes) {
      payload.writeByte(b);
    }
    return new RtmpMessage(6, type, ts, 1, payload);
  }

  private static void tag(ByteBuf out, int type, long ts, int... body) {
    out.writeByte(type).writeMedium(body.length).writeMedium((int) ts).writeByte(0).writeMedium(0);
    for (int b : body) {
      out.writeByte(b);
    }
    out.writeInt(11 + body.length);
  }

  private List<RtmpMessage> readOutbound() {
    origin.runPendingTasks();
    List<RtmpMessage> out = new ArrayList<>();
    for (Object msg; (msg = origin.readOutbound()) != null; ) {
      out.add((RtmpMessage) msg);
    }
    return out;
  }

  private List<RtmpCommand> commandsSent() {
    List<RtmpCommand> commands = new ArrayList<>();
    for (RtmpMessage message : readOutbound()) {
      try {
        commands.add(RtmpCommand.decode(message));
      } finally {
        message.release();
      }
    }
    return commands;
  }

  /** Command names, or message type names for the rest. */
  private List<String> sent() {
    List<String> names = new ArrayList<>();
    for (RtmpMessage message : readOutbound()) {
      try {
        names.add(
            message.typeId() == RtmpMessageType.COMMAND_AMF0
                ? RtmpCommand.decode(message).name()
                : RtmpMessageType.name(message.typeId()));
      } finally {
        message.release();
      }
    }
    return names;
  }
}
