package io.streamcluster.media.rtmp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.streamcluster.media.amf.Amf0Exception;
import io.streamcluster.media.auth.PublishTokens;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.stream.Publication;
import io.streamcluster.media.stream.StreamBusyException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection after the handshake: the NetConnection and NetStream commands (connect,
 * createStream, publish, play, ...), and the media of a publisher. A connection publishes or plays
 * one stream at a time.
 */
final class RtmpSessionHandler extends SimpleChannelInboundHandler<RtmpMessage> {

  private static final Logger log = LoggerFactory.getLogger(RtmpSessionHandler.class);
  private static final String APPLICATION = "live";
  private static final int WINDOW_ACK_SIZE = 2_500_000;

  private final RtmpContext context;
  private RtmpReplies replies;
  private boolean connected;
  private int nextStreamId = RtmpFrameFormat.PLAY_STREAM_ID;
  private Publication publication;
  private RtmpSubscriber subscriber;

  RtmpSessionHandler(RtmpContext context) {
    this.context = context;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    replies = new RtmpReplies(ctx.channel());
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
      case RtmpMessageType.COMMAND_AMF0, RtmpMessageType.COMMAND_AMF3 ->
          command(ctx, RtmpCommand.decode(message), message.messageStreamId());
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
    endPublishing();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Amf0Exception || cause instanceof RtmpProtocolException) {
      log.warn("Closing RTMP connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
    } else {
      log.debug("RTMP connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private void command(ChannelHandlerContext ctx, RtmpCommand command, int messageStreamId) {
    if (!connected && !command.name().equals("connect")) {
      log.warn(
          "Closing RTMP connection {}: '{}' before connect",
          ctx.channel().remoteAddress(),
          command.name());
      ctx.close();
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
    if (context.publishTokens().isPresent()) {
      PublishTokens.Verdict verdict = context.publishTokens().get().verify(key.name(), key.query());
      if (verdict != PublishTokens.Verdict.ACCEPTED) {
        context.metrics().refused("unauthorized");
        log.info(
            "Refusing publisher {} of '{}': {}",
            ctx.channel().remoteAddress(),
            key.name(),
            verdict.message());
        refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_UNAUTHORIZED, verdict.message());
        return;
      }
    }
    // Other origins are asked first; reading pauses meanwhile so nothing overtakes the answer.
    ctx.channel().config().setAutoRead(false);
    String name = key.name();
    context
        .publishGate()
        .liveElsewhere(name)
        .whenComplete(
            (elsewhere, failure) ->
                ctx.executor()
                    .execute(
                        () -> {
                          ctx.channel().config().setAutoRead(true);
                          if (elsewhere != null && elsewhere.isPresent()) {
                            context.metrics().refused("stream_busy");
                            String reason =
                                "stream '"
                                    + name
                                    + "' is already live on origin "
                                    + elsewhere.get();
                            log.info(
                                "Refusing publisher {}: {}", ctx.channel().remoteAddress(), reason);
                            refusePublish(
                                ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, reason);
                          } else if (ctx.channel().isActive()) {
                            startPublishing(ctx, name, messageStreamId);
                          }
                        }));
  }

  private void startPublishing(ChannelHandlerContext ctx, String name, int messageStreamId) {
    String source = "rtmp publisher " + ctx.channel().remoteAddress();
    try {
      publication = context.streams().publish(name, ctx.channel().eventLoop(), source);
    } catch (StreamBusyException e) {
      context.metrics().refused("stream_busy");
      log.info("Refusing publisher {}: {}", ctx.channel().remoteAddress(), e.getMessage());
      refusePublish(ctx, messageStreamId, RtmpStatus.PUBLISH_BAD_NAME, e.getMessage());
      return;
    }
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
    if (!context.admitsPlayers().getAsBoolean()) {
      context.metrics().refused("full");
      log.info("Refusing RTMP player {}: server full", ctx.channel().remoteAddress());
      refusePlay(
          ctx, messageStreamId, "this server takes no more players; ask /cluster for another");
      return;
    }
    subscriber =
        new RtmpSubscriber(
            ctx.channel(),
            context.format(),
            context.limits(),
            context.metrics(),
            replies,
            key.name());
    subscriber.attachTo(context.streams(), key.name());
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
