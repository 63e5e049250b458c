package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.Secrets;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command conversation of publishers and players, without sockets. */
class RtmpSessionHandlerTest {

  private final MediaMetrics metrics = new MediaMetrics();
  private final StreamRegistry streams = new StreamRegistry(1 << 20, Duration.ZERO, metrics);
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private Optional<StreamTokens> tokens = Optional.empty();

  @AfterEach
  void closeChannels() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void connectIsAnsweredWithWindowBandwidthChunkSizeAndSuccess() {
    EmbeddedChannel client = session();

    client.writeInbound(command("connect", 1, Map.of("app", "live", "tcUrl", "rtmp://h/live")));

    assertThat(replyTypes(client))
        .containsExactly(
            "WindowAckSize",
            "SetPeerBandwidth",
            "SetChunkSize",
            "_result NetConnection.Connect.Success");
  }

  @Test
  void aConnectToAnUnknownApplicationIsRejected() {
    EmbeddedChannel client = session();

    client.writeInbound(command("connect", 1, Map.of("app", "vod")));

    assertThat(replyTypes(client)).containsExactly("_error NetConnection.Connect.Rejected");
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aPublisherIsStartedAndAPlayerReceivesTheFramesOfOneReadAsOneWriteOfChunks() {
    EmbeddedChannel publisher = connected();
    publisher.writeInbound(command("createStream", 2, null));
    publisher.writeInbound(command(1, "publish", 3, null, "cam", "live"));
    assertThat(replyTypes(publisher))
        .containsExactly("_result", "UserControl", "onStatus NetStream.Publish.Start");

    EmbeddedChannel player = connected();
    player.writeInbound(command("createStream", 2, null));
    player.writeInbound(command(1, "play", 3, null, "cam"));
    replyTypes(player);

    publisher.writeInbound(
        media(RtmpMessageType.VIDEO, 0, 0x17, 0x00, 0, 0, 0, 1),
        media(RtmpMessageType.VIDEO, 0, 0x17, 0x01, 0, 0, 0, 9, 9));
    player.runPendingTasks();

    assertThat(replyTypes(player))
        .containsExactly(
            "UserControl",
            "onStatus NetStream.Play.Reset",
            "onStatus NetStream.Play.Start",
            "DataAmf0",
            "chunks");
  }

  @Test
  void aSecondPublisherOfALiveNameIsRefusedWithBadName() {
    EmbeddedChannel first = connected();
    first.writeInbound(command(1, "publish", 3, null, "cam", "live"));
    replyTypes(first);

    EmbeddedChannel second = connected();
    second.writeInbound(command(1, "publish", 3, null, "cam", "live"));

    assertThat(replyTypes(second)).contains("onStatus NetStream.Publish.BadName");
    assertThat(second.isOpen()).isFalse();
    assertThat(first.isOpen()).isTrue();
  }

  @Test
  void aPublisherWithoutATokenIsRefusedWhenTokensAreRequired() {
    tokens =
        Optional.of(
            new StreamTokens(
                StreamTokens.Purpose.PUBLISH,
                Secrets.of("a-secret-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC()));
    EmbeddedChannel publisher = connected();

    publisher.writeInbound(command(1, "publish", 3, null, "cam", "live"));

    assertThat(replyTypes(publisher)).contains("onStatus NetStream.Publish.Unauthorized");
    assertThat(publisher.isOpen()).isFalse();
    assertThat(streams.find("cam")).isEmpty();
  }

  @Test
  void aCommandOtherThanConnectBeforeConnectIsRefusedFromItsFirstBytesWithoutDecodingIt() {
    EmbeddedChannel stranger = session();
    // "play" and then bytes that are no AMF0 at all: never decoded, so no AMF0 error either.
    ByteBuf payload = Unpooled.buffer().writeByte(0x02).writeShort(4).writeBytes("play".getBytes());
    payload.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

    stranger.writeInbound(new RtmpMessage(3, RtmpMessageType.COMMAND_AMF0, 0, 0, payload));

    assertThat(stranger.isOpen()).isFalse();
    assertThat(metrics.scrape()).contains("reason=\"before_connect\"");
  }

  @Test
  void aPeerThatDoesNotAskToPublishOrPlayWithinTheStartTimeoutIsClosed() {
    EmbeddedChannel idle = session();
    idle.pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    idle.writeInbound(command("connect", 1, Map.of("app", "live")));
    replyTypes(idle);

    idle.advanceTimeBy(MediaLimits.DEFAULTS.startTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
    idle.runScheduledPendingTasks();

    assertThat(idle.isOpen()).isFalse();
    assertThat(metrics.scrape()).contains("reason=\"start_timeout\"");
  }

  @Test
  void aPlayerIsRefusedWhenTheServerIsFull() {
    EmbeddedChannel player = session(false);
    player.writeInbound(command("connect", 1, Map.of("app", "live")));
    replyTypes(player);

    player.writeInbound(command(1, "play", 3, null, "cam"));

    assertThat(replyTypes(player)).contains("onStatus NetStream.Play.Failed");
    assertThat(player.isOpen()).isFalse();
  }

  @Test
  void commandsBeforeConnectCloseTheConnection() {
    EmbeddedChannel client = session();

    client.writeInbound(command(1, "play", 3, null, "cam"));

    assertThat(client.isOpen()).isFalse();
  }

  private EmbeddedChannel connected() {
    EmbeddedChannel channel = session();
    channel.writeInbound(command("connect", 1, Map.of("app", "live")));
    replyTypes(channel);
    return channel;
  }

  private EmbeddedChannel session() {
    return session(true);
  }

  private EmbeddedChannel session(boolean admitsPlayers) {
    RtmpContext context =
        new RtmpContext(
            streams,
            MediaLimits.DEFAULTS,
            metrics,
            new RtmpFrameFormat(4096),
            () -> admitsPlayers,
            RtmpContext.PublishPolicy.LOCAL,
            PublishGate.NOWHERE_ELSE,
            new StreamAccess(StreamTokens.Purpose.PUBLISH, tokens, Optional.empty()),
            StreamAccess.open(StreamTokens.Purpose.PLAY));
    EmbeddedChannel channel = new EmbeddedChannel(new RtmpSessionHandler(context));
    channels.add(channel);
    return channel;
  }

  private static RtmpMessage command(String name, double tx, Object object, Object... args) {
    return command(0, name, tx, object, args);
  }

  private static RtmpMessage command(
      int msid, String name, double tx, Object object, Object... args) {
    return RtmpCommand.of(name, tx, object, args).toMessage(ByteBufAllocator.DEFAULT, 3, msid);
  }

  private static RtmpMessage media(int type, long ts, int... bytes) {
    ByteBuf payload = Unpooled.buffer();
    for (int b : bytes) {
      payload.writeByte(b);
    }
    return new RtmpMessage(6, type, ts, 1, payload);
  }

  /** What the session wrote, as short names: message types, command names and status codes. */
  private static List<String> replyTypes(EmbeddedChannel channel) {
    channel.runPendingTasks();
    List<String> names = new ArrayList<>();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      if (out instanceof RtmpMessage message) {
        names.add(describe(message));
        message.release();
      } else {
        names.add("chunks");
        ((ByteBuf) out).release();
      }
    }
    return names;
  }

  private static String describe(RtmpMessage message) {
    if (message.typeId() != RtmpMessageType.COMMAND_AMF0) {
      return RtmpMessageType.name(message.typeId());
    }
    RtmpCommand command = RtmpCommand.decode(message);
    for (Object value : command.arguments()) {
      if (value instanceof Map<?, ?> info && info.get("code") instanceof String code) {
        return command.name() + " " + code;
      }
    }
    return command.name();
  }
}
