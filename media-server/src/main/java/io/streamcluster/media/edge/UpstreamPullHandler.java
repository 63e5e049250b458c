package io.streamcluster.media.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.streamcluster.media.amf.Amf0Exception;
import io.streamcluster.media.rtmp.MediaMessages;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpControlMessages;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.RtmpPlayCommands;
import io.streamcluster.media.rtmp.RtmpProtocolException;
import io.streamcluster.media.rtmp.RtmpStatus;
import io.streamcluster.media.stream.Publication;
import io.streamcluster.media.stream.StreamBusyException;
import io.streamcluster.media.stream.StreamRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge playing one stream from an origin, as an RTMP player would: after the handshake it sends
 * {@code connect}, {@code createStream} and {@code play}; when the origin answers {@code
 * NetStream.Play.Start} it becomes the local stream's source and hands it the origin's audio, video
 * and {@code onMetaData}. Whatever ends the pull (not found, the origin's publisher leaving, the
 * connection breaking) closes the publication and the connection, and is reported once.
 */
final class UpstreamPullHandler extends SimpleChannelInboundHandler<RtmpMessage> {

  private static final Logger log = LoggerFactory.getLogger(UpstreamPullHandler.class);

  static final String APPLICATION = "live";
  static final int WINDOW_ACK_SIZE = 2_500_000;
  static final long BUFFER_LENGTH_MILLIS = 1_000;

  enum State {
    HANDSHAKE,
    CONNECTING,
    CREATING_STREAM,
    REQUESTING_PLAY,
    PLAYING,
    ENDED
  }

  private final StreamRegistry registry;
  private final Upstream upstream;
  private final UpstreamListener listener;
  private State state = State.HANDSHAKE;
  private int messageStreamId;
  private Publication publication;
  private UpstreamEnd end;
  private boolean reported;

  UpstreamPullHandler(StreamRegistry registry, Upstream upstream, UpstreamListener listener) {
    this.registry = registry;
    this.upstream = upstream;
    this.listener = listener;
  }

  State state() {
    return state;
  }

  /** The URL this pull plays, as logged and shown as the local stream's source. */
  String url() {
    return "rtmp://" + upstream.origin() + "/" + APPLICATION + "/" + upstream.stream();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == RtmpHandshakeCompleted.INSTANCE && state == State.HANDSHAKE) {
      state = State.CONNECTING;
      String tcUrl = "rtmp://" + upstream.origin() + "/" + APPLICATION;
      send(ctx, 0, RtmpPlayCommands.connect(APPLICATION, tcUrl));
      ctx.flush();
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
    if (state == State.ENDED) {
      return;
    }
    switch (message.typeId()) {
      case RtmpMessageType.AUDIO,
          RtmpMessageType.VIDEO,
          RtmpMessageType.DATA_AMF0,
          RtmpMessageType.DATA_AMF3,
          RtmpMessageType.AGGREGATE -> {
        if (publication != null) {
          MediaMessages.forward(publication, message);
        }
      }
      case RtmpMessageType.COMMAND_AMF0, RtmpMessageType.COMMAND_AMF3 ->
          command(ctx, RtmpCommand.decode(message));
      case RtmpMessageType.USER_CONTROL -> RtmpControlMessages.answerPing(ctx, message.payload());
      default -> {
        // Bandwidth hints and acknowledgements need no answer.
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (publication != null) {
      publication.flush();
    }
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (end == null) {
      end =
          state == State.HANDSHAKE
              ? UpstreamEnd.of(UpstreamEnd.Reason.UNREACHABLE, "no RTMP handshake")
              : UpstreamEnd.of(UpstreamEnd.Reason.LOST, "connection closed");
    }
    finish();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ReadTimeoutException) {
      endWith(ctx, UpstreamEnd.Reason.LOST, "nothing received for too long");
    } else if (cause instanceof Amf0Exception || cause instanceof RtmpProtocolException) {
      endWith(ctx, UpstreamEnd.Reason.LOST, "protocol error: " + cause.getMessage());
    } else {
      log.debug("Upstream {} failed", url(), cause);
      endWith(ctx, UpstreamEnd.Reason.LOST, cause.toString());
    }
  }

  private void command(ChannelHandlerContext ctx, RtmpCommand command) {
    switch (command.name()) {
      case "_result" -> result(ctx, command);
      case "_error" ->
          endWith(
              ctx,
              UpstreamEnd.Reason.NOT_FOUND,
              "refused "
                  + step(command.transactionId())
                  + ": "
                  + RtmpPlayCommands.statusCode(command));
      case "onStatus" -> status(ctx, command);
      default -> {
        // onBWDone, onFCSubscribe and the like: nothing to do for a player.
      }
    }
  }

  private void result(ChannelHandlerContext ctx, RtmpCommand command) {
    if (state == State.CONNECTING
        && command.transactionId() == RtmpPlayCommands.CONNECT_TRANSACTION) {
      String code = RtmpPlayCommands.statusCode(command);
      if (!code.isEmpty() && !code.equals(RtmpStatus.CONNECT_SUCCESS)) {
        endWith(ctx, UpstreamEnd.Reason.NOT_FOUND, "connect answered " + code);
        return;
      }
      state = State.CREATING_STREAM;
      ctx.write(RtmpControlMessages.windowAckSize(ctx.alloc(), WINDOW_ACK_SIZE));
      send(ctx, 0, RtmpPlayCommands.createStream());
    } else if (state == State.CREATING_STREAM
        && command.transactionId() == RtmpPlayCommands.CREATE_STREAM_TRANSACTION) {
      if (!(command.argument(0) instanceof Number id)) {
        endWith(ctx, UpstreamEnd.Reason.LOST, "createStream answered without a stream id");
        return;
      }
      messageStreamId = id.intValue();
      state = State.REQUESTING_PLAY;
      // The live stream only, never a recording.
      send(ctx, messageStreamId, RtmpPlayCommands.play(upstream.stream(), -1000.0));
      ctx.write(
          RtmpControlMessages.setBufferLength(ctx.alloc(), messageStreamId, BUFFER_LENGTH_MILLIS));
    }
  }

  private void status(ChannelHandlerContext ctx, RtmpCommand command) {
    String code = RtmpPlayCommands.statusCode(command);
    switch (code) {
      case RtmpStatus.PLAY_START -> {
        startPublishing(ctx);
        double clock = RtmpPlayCommands.statusNumber(command, RtmpStatus.STREAM_CLOCK);
        if (publication != null && Double.isFinite(clock)) {
          publication.clockFromSource((long) clock);
        }
      }
      case RtmpStatus.PLAY_NOT_FOUND, RtmpStatus.PLAY_FAILED ->
          endWith(ctx, UpstreamEnd.Reason.NOT_FOUND, "the origin answered " + code);
      case RtmpStatus.PLAY_STOP, RtmpStatus.PLAY_UNPUBLISH ->
          endWith(ctx, UpstreamEnd.Reason.UNPUBLISHED, "the origin answered " + code);
      default -> log.debug("Upstream {}: {}", url(), code);
    }
  }

  private void startPublishing(ChannelHandlerContext ctx) {
    if (state != State.REQUESTING_PLAY) {
      return;
    }
    try {
      publication =
          registry.publish(upstream.stream(), ctx.channel().eventLoop(), "upstream " + url());
    } catch (StreamBusyException e) {
      endWith(ctx, UpstreamEnd.Reason.LOST, e.getMessage());
      return;
    }
    state = State.PLAYING;
    listener.started(upstream);
  }

  private void endWith(ChannelHandlerContext ctx, UpstreamEnd.Reason reason, String detail) {
    if (end == null) {
      end = UpstreamEnd.of(reason, detail);
    }
    finish();
    ctx.close();
  }

  /** Closes the publication and reports the end, once. */
  private void finish() {
    state = State.ENDED;
    if (publication != null) {
      publication.close();
      publication = null;
    }
    if (!reported) {
      reported = true;
      listener.ended(upstream, end);
    }
  }

  private static void send(ChannelHandlerContext ctx, int messageStreamId, RtmpCommand command) {
    ctx.write(
        command.toMessage(
            ctx.alloc(), RtmpPlayCommands.chunkStream(messageStreamId), messageStreamId));
  }

  private static String step(double transactionId) {
    if (transactionId == RtmpPlayCommands.CONNECT_TRANSACTION) {
      return "connect";
    }
    return transactionId == RtmpPlayCommands.CREATE_STREAM_TRANSACTION
        ? "createStream"
        : "a command";
  }
}
