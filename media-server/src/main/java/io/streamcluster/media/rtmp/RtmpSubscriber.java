package io.streamcluster.media.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.stream.ChannelSubscriber;
import io.streamcluster.media.stream.PlaybackCounters;
import java.util.List;

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

  @Override
  protected void startPlayback() {
    int msid = RtmpFrameFormat.PLAY_STREAM_ID;
    channel.write(RtmpControlMessages.streamBegin(channel.alloc(), msid), channel.voidPromise());
    replies.onStatus(
        msid, RtmpStatus.status(RtmpStatus.PLAY_RESET, "Playing and resetting " + streamName));
    replies.onStatus(
        msid, RtmpStatus.status(RtmpStatus.PLAY_START, "Started playing " + streamName));
    replies.data(msid, List.of("|RtmpSampleAccess", true, true));
  }

  @Override
  protected void sourceLost() {
    replies.onStatus(
        RtmpFrameFormat.PLAY_STREAM_ID,
        RtmpStatus.status(RtmpStatus.PLAY_UNPUBLISH, streamName + " is now unpublished"));
  }

  @Override
  protected void sourceReturned() {
    replies.onStatus(
        RtmpFrameFormat.PLAY_STREAM_ID,
        RtmpStatus.status(RtmpStatus.PLAY_PUBLISH, streamName + " is now published"));
  }

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
