package io.streamcluster.media.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.stream.ChannelSubscriber;
import io.streamcluster.media.stream.FrameFormat;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.MediaRoute;
import io.streamcluster.media.stream.PlaybackCounters;
import java.util.List;
import java.util.Map;

/** A player of {@code rtmp://host/live/<stream>}: status messages, then the shared chunks. */
final class RtmpSubscriber extends ChannelSubscriber {

  private final RtmpReplies replies;
  private final String streamName;

  RtmpSubscriber(
      Channel channel,
      RtmpFrameFormat format,
      MediaLimits limits,
      PlaybackCounters counters,
      RtmpReplies replies,
      String streamName) {
    super(channel, format, counters, limits.slowSubscriberTimeout(), limits.streamWaitTimeout());
    this.replies = replies;
    this.streamName = streamName;
  }

  /**
   * Media is already chunked: it goes past the chunk encoder, which only encodes {@link
   * RtmpMessage}s, and through every other outbound handler (the outbound bound, TLS on an RTMPS
   * connection) to the socket.
   */
  @Override
  protected MediaRoute route(FrameFormat format) {
    return MediaRoute.direct(channel, format, RtmpChunkEncoder.class::isInstance);
  }

  @Override
  protected void startPlayback() {
    int msid = RtmpFrameFormat.PLAY_STREAM_ID;
    channel.write(RtmpControlMessages.streamBegin(channel.alloc(), msid), channel.voidPromise());
    replies.onStatus(
        msid, RtmpStatus.status(RtmpStatus.PLAY_RESET, "Playing and resetting " + streamName));
    Map<String, Object> start =
        RtmpStatus.status(RtmpStatus.PLAY_START, "Started playing " + streamName);
    long clock = stream() == null ? LiveStream.NO_CLOCK : stream().clockOriginMillis();
    if (clock != LiveStream.NO_CLOCK) {
      start.put(RtmpStatus.STREAM_CLOCK, (double) clock);
    }
    replies.onStatus(msid, start);
    replies.data(msid, List.of("|RtmpSampleAccess", true, true));
  }

  // No UnpublishNotify when the source goes away: common players (ffmpeg among them) take it for
  // the end of the stream, while a source that comes back within the wait should just resume.

  @Override
  protected void streamNotFound() {
    var info =
        isPlaying()
            ? RtmpStatus.status(RtmpStatus.PLAY_STOP, "Stream '" + streamName + "' has ended")
            : RtmpStatus.error(
                RtmpStatus.PLAY_NOT_FOUND, "No stream '" + streamName + "' is being published");
    replies.onStatus(RtmpFrameFormat.PLAY_STREAM_ID, info).addListener(ChannelFutureListener.CLOSE);
    channel.flush();
  }
}
