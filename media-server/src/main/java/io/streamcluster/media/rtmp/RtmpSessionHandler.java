package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.streamcluster.media.amf.Amf0Exception;
import io.streamcluster.media.auth.AccessDecision;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.stream.Publication;
import io.streamcluster.media.stream.StreamBusyException;
import io.streamcluster.media.stream.StreamLimitException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection after the handshake: the NetConnection and NetStream commands (connect,
 * createStream, publish, play, ...), and the media of a publisher. A connection publishes or plays
 * one stream at a time.
 *
 * <p>A stranger is held to little: it must connect and ask to publish or play within the start
 * timeout; before {@code connect} only {@code connect} is decoded (any other command is refused
 * from its first bytes, without decoding AMF0); publish and play are checked by {@link
 * io.streamcluster.media.auth.StreamAccess} (tokens, webhook) with reading paused meanwhile, and
 * only an accepted one admits the connection to a publisher's or player's bounds ({@link
 * PeerAdmission}).
 */
final class RtmpSessionHandler extends SimpleChannelInboundHandler<RtmpMessage> {

  private static final Logger log = LoggerFactory.getLogger(RtmpSessionHandler.class);
  private static final String APPLICATION = StreamAccess.APPLICATION;
  private static final int WINDOW_ACK_SIZE = 2_500_000;

  /** An AMF0 string "connect": what the first command of a connection must start with. */
  private static final byte[] CONNECT_NAME = amf0String("connect");

  private final RtmpContext context;
  private final StartDeadline startDeadline;
  private RtmpReplies replies;
  private boolean connected;
  private int nextStreamId = RtmpFrameFormat.PLAY_STREAM_ID;
  private Publication publication;
  private RtmpSubscriber subscriber;

  RtmpSessionHandler(RtmpContext context) {
    this.context = context;
    this.startDeadline = new StartDeadline(context.limits().startTimeout(), context.metrics());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    replies = new RtmpReplies(ctx.channel());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == RtmpHandshakeCompleted.INSTANCE) {
      startDeadline.start(ctx);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
    switch (message.typeId()) {
      case RtmpMessageType.AUDIO,
          RtmpMessageType.VIDEO,
          RtmpMessageType.DATA_AMF0,
          RtmpMessageType.DATA_AMF3,
          RtmpMessageType.AGGREGATE ->
          media(message);
      case RtmpMessageType.COMMAND_AMF0, RtmpMessageType.COMMAND_AMF3 -> {
        if (!connected && !startsWithConnect(message)) {
          refuseBeforeConnect(ctx, "a command other than connect");
          return;
        }
        command(ctx, RtmpCommand.decode(message), message.messageStreamId());
      }
      case RtmpMessageType.USER_CONTROL -> RtmpControlMessages.answerPing(ctx, message.payload());
      default -> {
        // Acknowledgements and bandwidth hints need no answer.
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (publication != null) {
      publication.flush();
    }
    ctx.flush();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    startDeadline.cancel();
    endPublishing();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof RtmpProtocolException protocol) {
      context.metrics().refused(protocol.reason());
      log.warn("Closing RTMP connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
    } else if (cause instanceof Amf0Exception) {
      context.metrics().refused(RtmpProtocolException.PROTOCOL_ERROR);
      log.warn("Closing RTMP connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
    } else {
      log.debug("RTMP connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  /**
   * Whether a command message's first value is the name {@code connect}, read from its bytes: the
   * only command decoded before a connection has connected.
   */
  private static boolean startsWithConnect(RtmpMessage message) {
    ByteBuf payload = message.payload();
    int at = payload.readerIndex();
    if (message.typeId() == RtmpMessageType.COMMAND_AMF3) {
      if (!payload.isReadable() || payload.getByte(at) != 0) {
        return false;
      }
      at++;
    }
    if (payload.writerIndex() - at < CONNECT_NAME.length) {
      return false;
    }
    for (int i = 0; i < CONNECT_NAME.length; i++) {
      if (payload.getByte(at + i) != CONNECT_NAME[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] amf0String(String value) {
    byte[] text = value.getBytes(StandardCharsets.US_ASCII);
    byte[] encoded = new byte[3 + text.length];
    encoded[0] = 0x02;
    encoded[2] = (byte) text.length;
    System.arraycopy(text, 0, encoded, 3, text.length);
    return encoded;
  }

  private void refuseBeforeConnect(ChannelHandlerContext ctx, String what) {
    context.metrics().refused("before_connect");
    log.warn("Closing RTMP connection {}: {} before connect", ctx.channel().remoteAddress(), what);
    ctx.close();
  }

  private void command(ChannelHandlerContext ctx, RtmpCommand command, int messageStreamId) {
    if (!connected && !command.name().equals("connect")) {
      refuseBeforeConnect(ctx, "'" + command.name() + "'");
      return;
    }
    switch (command.name()) {
      case "connect" -> connect(ctx, command);
      case "createStream" -> replies.result(command.transactionId(), null, (double) nextStreamId++);
      case "releaseStream", "FCPublish", "FCSubscribe", "_checkbw" ->
          replies.result(command.transactionId(), null);
      case "getStreamLength" -> replies.result(command.transactionId(), null, 0.0);
      case "publish" -> publish(ctx, command, messageStreamId);
      case "play" -> play(ctx, command, messageStreamId);
      case "FCUnpublish", "deleteStream", "closeStream" -> stop(messageStreamId);
      default -> {
        log.debug(
            "Ignoring RTMP command '{}' from {}", command.name(), ctx.channel().remoteAddress());
        if (command.transactionId() > 0) {
          replies.error(
              command.transactionId(),
              RtmpStatus.error("NetConnection.Call.Failed", "unknown command " + command.name()));
        }
      }
    }
  }

  private void connect(ChannelHandlerContext ctx, RtmpCommand command) {
    String app =
        command.commandObject() instanceof Map<?, ?> properties
                && properties.get("app") instanceof String name
            ? name
            : "";
    String application = app.contains("?") ? app.substring(0, app.indexOf('?')) : app;
    if (!application.equals(APPLICATION) && !application.equals(APPLICATION + "/")) {
      context.metrics().refused("unknown_app");
      log.info(
          "Refusing RTMP connect from {} to application '{}': only '{}' exists",
          ctx.channel().remoteAddress(),
          application,
          APPLICATION);
      replies
          .error(
              command.transactionId(),
              RtmpStatus.error(
                  RtmpStatus.CONNECT_REJECTED,
                  "Unknown application '" + application + "'; use rtmp://host/live/<stream>"))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    connected = true;
    ctx.write(RtmpControlMessages.windowAckSize(ctx.alloc(), WINDOW_ACK_SIZE));
    ctx.write(
        RtmpControlMessages.setPeerBandwidth(
            ctx.alloc(), WINDOW_ACK_SIZE, PeerBandwidthLimit.DYNAMIC));
    ctx.write(RtmpControlMessages.setChunkSize(ctx.alloc(), context.format().chunkSize()));
    Map<String, Object> info =
        RtmpStatus.status(RtmpStatus.CONNECT_SUCCESS, "Connection succeeded.");
    info.put("objectEncoding", 0.0);
    replies.result(command.transactionId(), RtmpStatus.serverProperties(), info);
  }

  private void publish(ChannelHandlerContext ctx, RtmpCommand command, int messageStreamId) {
    if (publication != null || subscriber != null) {
      refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, "this connection is busy");
      return;
    }
    if (context.publishing() == RtmpContext.PublishPolicy.NONE) {
      context.metrics().refused("not_origin");
      log.info("Refusing publisher {}: this server is an edge", ctx.channel().remoteAddress());
      refusePublish(
          ctx,
          messageStreamId,
          RtmpStatus.PUBLISH_BAD_NAME,
          "this server is an edge and takes no publishers; publish to an origin");
      return;
    }
    StreamKey key =
        streamKey(
            command,
            reason -> refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, reason));
    if (key == null) {
      return;
    }
    startDeadline.cancel();
    String name = key.name();
    context
        .publishAccess()
        .checkOnLoop(
            key,
            rawQuery(command),
            ctx.channel(),
            "rtmp",
            decision -> {
              if (!decision.allowed()) {
                refuseUnauthorized(ctx, "publisher", name, decision);
                refusePublish(
                    ctx, messageStreamId, RtmpStatus.PUBLISH_UNAUTHORIZED, decision.reason());
                return;
              }
              // Other origins are asked next, reading still paused so nothing overtakes the answer.
              onLoopWhenDone(
                  ctx,
                  context.publishGate().liveElsewhere(name),
                  elsewhere -> {
                    if (elsewhere.isPresent()) {
                      context.metrics().refused("stream_busy");
                      String reason =
                          "stream '" + name + "' is already live on origin " + elsewhere.get();
                      log.info("Refusing publisher {}: {}", ctx.channel().remoteAddress(), reason);
                      refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, reason);
                    } else {
                      startPublishing(ctx, name, messageStreamId, decision.identity());
                    }
                  });
            });
  }

  /**
   * Pauses reading until {@code answer} completes, then runs {@code next} on the channel's event
   * loop if the connection is still open; an answer that failed closes it.
   */
  private static <T> void onLoopWhenDone(
      ChannelHandlerContext ctx, CompletableFuture<T> answer, Consumer<T> next) {
    ctx.channel().config().setAutoRead(false);
    answer.whenComplete(
        (value, failure) ->
            ctx.executor()
                .execute(
                    () -> {
                      ctx.channel().config().setAutoRead(true);
                      if (!ctx.channel().isActive()) {
                        return;
                      }
                      if (failure != null) {
                        log.warn(
                            "Closing RTMP connection {}: {}",
                            ctx.channel().remoteAddress(),
                            failure.toString());
                        ctx.close();
                        return;
                      }
                      next.accept(value);
                    }));
  }

  private void refuseUnauthorized(
      ChannelHandlerContext ctx, String who, String stream, AccessDecision decision) {
    context.metrics().refused(decision.refusal());
    log.info(
        "Refusing RTMP {} {} of '{}': {}",
        who,
        ctx.channel().remoteAddress(),
        stream,
        decision.reason());
  }

  /** The query a client sent after the stream name, without the '?'; empty when none. */
  private static String rawQuery(RtmpCommand command) {
    String raw = command.argument(0) instanceof String s ? s : "";
    int q = raw.indexOf('?');
    return q < 0 ? "" : raw.substring(q + 1);
  }

  private void startPublishing(
      ChannelHandlerContext ctx, String name, int messageStreamId, String identity) {
    String source = "rtmp publisher " + ctx.channel().remoteAddress();
    try {
      publication = context.streams().publish(name, ctx.channel().eventLoop(), source, identity);
    } catch (StreamBusyException e) {
      context.metrics().refused(e.refusal());
      log.info("Refusing publisher {}: {}", ctx.channel().remoteAddress(), e.getMessage());
      refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, e.getMessage());
      return;
    } catch (StreamLimitException e) {
      context.metrics().refused("max_streams");
      log.warn("Refusing publisher {}: {}", ctx.channel().remoteAddress(), e.getMessage());
      refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, e.getMessage());
      return;
    }
    PeerAdmission.admit(ctx.channel());
    log.info("Publishing '{}' from {}", name, ctx.channel().remoteAddress());
    ctx.write(RtmpControlMessages.streamBegin(ctx.alloc(), messageStreamId));
    replies.onStatus(
        messageStreamId, RtmpStatus.status(RtmpStatus.PUBLISH_START, name + " is now published"));
    ctx.flush();
  }

  private void refusePublish(
      ChannelHandlerContext ctx, int messageStreamId, String code, String description) {
    replies.onStatus(messageStreamId, RtmpStatus.error(code, description));
    ctx.writeAndFlush(RtmpControlMessages.streamEof(ctx.alloc(), messageStreamId))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void play(ChannelHandlerContext ctx, RtmpCommand command, int messageStreamId) {
    if (publication != null || subscriber != null) {
      refusePlay(ctx, messageStreamId, "this connection is busy");
      return;
    }
    StreamKey key = streamKey(command, reason -> refusePlay(ctx, messageStreamId, reason));
    if (key == null) {
      return;
    }
    startDeadline.cancel();
    context
        .playAccess()
        .checkOnLoop(
            key,
            rawQuery(command),
            ctx.channel(),
            "rtmp",
            decision -> {
              if (!decision.allowed()) {
                refuseUnauthorized(ctx, "player", key.name(), decision);
                refusePlay(ctx, messageStreamId, decision.reason());
              } else {
                startPlaying(ctx, key.name(), messageStreamId);
              }
            });
  }

  private void startPlaying(ChannelHandlerContext ctx, String name, int messageStreamId) {
    if (subscriber != null || publication != null) {
      refusePlay(ctx, messageStreamId, "this connection is busy");
      return;
    }
    RtmpSubscriber player =
        new RtmpSubscriber(
            ctx.channel(), context.format(), context.limits(), context.metrics(), replies, name);
    boolean admitted;
    try {
      admitted = player.attachIfAdmitted(context.streams(), name, context.admitsPlayers());
    } catch (StreamLimitException e) {
      context.metrics().refused("max_streams");
      log.warn("Refusing RTMP player {}: {}", ctx.channel().remoteAddress(), e.getMessage());
      refusePlay(ctx, messageStreamId, e.getMessage());
      return;
    }
    if (!admitted) {
      context.metrics().refused("full");
      log.info("Refusing RTMP player {}: server full", ctx.channel().remoteAddress());
      refusePlay(
          ctx, messageStreamId, "this server takes no more players; ask /cluster for another");
      return;
    }
    subscriber = player;
    PeerAdmission.admit(ctx.channel());
  }

  private void refusePlay(ChannelHandlerContext ctx, int messageStreamId, String description) {
    replies.onStatus(messageStreamId, RtmpStatus.error(RtmpStatus.PLAY_FAILED, description));
    ctx.flush();
    ctx.close();
  }

  private void stop(int messageStreamId) {
    if (publication != null) {
      String name = publication.stream().name();
      endPublishing();
      replies.onStatus(
          messageStreamId,
          RtmpStatus.status(RtmpStatus.UNPUBLISH_SUCCESS, name + " is now unpublished"));
    } else if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
  }

  private void endPublishing() {
    if (publication != null) {
      log.info("'{}' unpublished by {}", publication.stream().name(), publication.source());
      publication.close();
      publication = null;
    }
  }

  private void media(RtmpMessage message) {
    context.metrics().bytesIn(message.payload().readableBytes());
    if (publication != null) {
      MediaMessages.forward(publication, message);
    }
  }

  /** The stream a publish or play names, or null once {@code refuse} has been told why not. */
  private StreamKey streamKey(RtmpCommand command, Consumer<String> refuse) {
    try {
      return StreamKey.parse(command.argument(0) instanceof String s ? s : "");
    } catch (IllegalArgumentException e) {
      context.metrics().refused("bad_name");
      refuse.accept(e.getMessage());
      return null;
    }
  }
}
