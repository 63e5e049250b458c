package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A player behind a Netty channel, whatever its protocol. It owns the slow-player policy: while the
 * channel is over its write high-water mark, frames are skipped (bounded memory, nobody else
 * slowed); when it drains, playback resumes at the next keyframe with the current sequence headers;
 * a player that stays behind longer than the limit is disconnected.
 *
 * <p>Subclasses speak the protocol: what starts playback, what tells the player the stream is gone.
 */
public abstract class ChannelSubscriber implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(ChannelSubscriber.class);

  protected final Channel channel;
  private final FrameFormat format;
  private final PlaybackCounters counters;
  private MediaRoute route;
  private final long slowTimeoutNanos;
  private final Duration streamWaitTimeout;
  private LiveStream stream;
  private boolean playing;
  private boolean closed;
  private boolean sawVideo;
  private boolean skipping;
  private long behindSinceNanos;
  private int skippedSinceReport;
  private MediaFrame heldMetadata;
  private MediaFrame heldVideoHeader;
  private MediaFrame heldAudioHeader;
  private ScheduledFuture<?> waitTimer;

  protected ChannelSubscriber(
      Channel channel,
      FrameFormat format,
      PlaybackCounters counters,
      Duration slowTimeout,
      Duration streamWaitTimeout) {
    this.channel = channel;
    this.format = format;
    this.counters = counters;
    this.slowTimeoutNanos = slowTimeout.toNanos();
    this.streamWaitTimeout = streamWaitTimeout;
  }

  /**
   * Joins the named stream when {@code admits} says the server has room, as {@link
   * StreamRegistry#subscribeIfAdmitted} decides; leaves it when the channel closes. Call on the
   * channel's loop.
   *
   * @return false, having joined nothing, when the server had no room
   */
  public final boolean attachIfAdmitted(
      StreamRegistry registry, String streamName, BooleanSupplier admits) {
    Optional<LiveStream> joined = registry.subscribeIfAdmitted(streamName, this, admits);
    if (joined.isEmpty()) {
      return false;
    }
    stream = joined.get();
    channel.closeFuture().addListener(f -> leave());
    return true;
  }

  public final LiveStream stream() {
    return stream;
  }

  @Override
  public final EventExecutor executor() {
    return channel.eventLoop();
  }

  /** Writes whatever makes the player start (status messages, response headers). */
  protected abstract void startPlayback();

  /** Tells the player no stream of that name appeared, then closes. */
  protected abstract void streamNotFound();

  /** Tells the player its source went away (it stays attached and may resume). */
  protected void sourceLost() {}

  /** Tells a playing player that a source is back. */
  protected void sourceReturned() {}

  /**
   * How media reaches this player's socket, chosen when playback starts: by default frames in the
   * constructor's format through the whole pipeline. A protocol whose own encoders have nothing to
   * add to media names them, so that media is written past them ({@link MediaRoute}).
   */
  protected MediaRoute route(FrameFormat defaultFormat) {
    return new MediaRoute(defaultFormat, channel, buf -> buf);
  }

  protected final boolean isPlaying() {
    return playing;
  }

  @Override
  public final void onAttached(boolean live, List<MediaFrame> startFrames) {
    try {
      if (closed) {
        return;
      }
      if (!live) {
        waitForSource();
        return;
      }
      begin();
      long bytes = 0;
      for (MediaFrame frame : startFrames) {
        noteKind(frame);
        bytes += write(frame);
      }
      flush(bytes);
    } finally {
      releaseAll(startFrames);
    }
  }

  @Override
  public final void onFrames(FrameBatch batch) {
    if (closed || !playing) {
      return;
    }
    List<MediaFrame> frames = batch.frames();
    if (!skipping && channel.isWritable()) {
      // Keeping up: the whole batch, encoded once for everyone, as one write.
      for (MediaFrame frame : frames) {
        noteKind(frame);
      }
      ByteBuf encoded = batch.encoded(route.format(), channel.alloc());
      route.entry().write(route.wrap().apply(encoded.retainedDuplicate()), channel.voidPromise());
      flush(encoded.readableBytes());
      return;
    }
    long bytes = 0;
    for (int i = 0; i < frames.size() && !closed; i++) {
      bytes += deliver(frames.get(i));
    }
    flush(bytes);
  }

  @Override
  public final void onPublished() {
    if (closed) {
      return;
    }
    cancelWait();
    if (playing) {
      sourceReturned();
      channel.flush();
    } else {
      begin();
      channel.flush();
    }
  }

  @Override
  public final void onUnpublished() {
    if (closed) {
      return;
    }
    if (playing) {
      sourceLost();
      channel.flush();
    }
    waitForSource();
  }

  @Override
  public final void onStreamNotFound() {
    if (!closed) {
      streamNotFound();
    }
  }

  private void begin() {
    playing = true;
    startPlayback();
    if (route == null) {
      route = route(format);
    }
  }

  private long deliver(MediaFrame frame) {
    noteKind(frame);
    if (!channel.isWritable()) {
      fallBehind(frame);
      return 0;
    }
    if (skipping) {
      if (!canResumeAt(frame)) {
        hold(frame);
        return 0;
      }
      skipping = false;
      reportSkipped();
      return writeHeld() + write(frame);
    }
    return write(frame);
  }

  private void fallBehind(MediaFrame frame) {
    long now = System.nanoTime();
    if (!skipping) {
      skipping = true;
      behindSinceNanos = now;
    } else if (now - behindSinceNanos > slowTimeoutNanos) {
      counters.slowSubscriberDropped();
      reportSkipped();
      log.info(
          "Disconnecting slow player {} of '{}': behind for more than {} ms",
          channel.remoteAddress(),
          stream == null ? "?" : stream.name(),
          TimeUnit.NANOSECONDS.toMillis(slowTimeoutNanos));
      close();
      return;
    }
    hold(frame);
  }

  private boolean canResumeAt(MediaFrame frame) {
    return frame.isKeyframe() || (frame.isAudio() && !sawVideo && !frame.isSequenceHeader());
  }

  /** Keeps the newest headers a skipping player will need when it resumes; counts the rest. */
  private void hold(MediaFrame frame) {
    if (frame.kind() == MediaFrame.Kind.DATA) {
      heldMetadata = replace(heldMetadata, frame);
    } else if (frame.isSequenceHeader() && frame.isVideo()) {
      heldVideoHeader = replace(heldVideoHeader, frame);
    } else if (frame.isSequenceHeader()) {
      heldAudioHeader = replace(heldAudioHeader, frame);
    } else {
      skippedSinceReport++;
    }
  }

  private long writeHeld() {
    long bytes = 0;
    for (MediaFrame held : new MediaFrame[] {heldMetadata, heldVideoHeader, heldAudioHeader}) {
      if (held != null) {
        bytes += write(held);
        held.release();
      }
    }
    heldMetadata = heldVideoHeader = heldAudioHeader = null;
    return bytes;
  }

  private void noteKind(MediaFrame frame) {
    sawVideo |= frame.isVideo();
  }

  private long write(MediaFrame frame) {
    ByteBuf encoded = frame.encoded(route.format(), channel.alloc());
    route.entry().write(route.wrap().apply(encoded.retainedDuplicate()), channel.voidPromise());
    return encoded.readableBytes();
  }

  private void flush(long bytes) {
    if (bytes > 0) {
      route.entry().flush();
      counters.bytesOut(bytes);
    }
  }

  private void reportSkipped() {
    if (skippedSinceReport > 0) {
      counters.framesSkipped(skippedSinceReport);
      skippedSinceReport = 0;
    }
  }

  private void waitForSource() {
    cancelWait();
    waitTimer =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  if (!closed && (stream == null || !stream.isLive())) {
                    log.info(
                        "No source for '{}' within {} s; telling {}",
                        stream == null ? "?" : stream.name(),
                        streamWaitTimeout.toSeconds(),
                        channel.remoteAddress());
                    onStreamNotFound();
                  }
                },
                streamWaitTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void cancelWait() {
    if (waitTimer != null) {
      waitTimer.cancel(false);
      waitTimer = null;
    }
  }

  /** Closes the player's connection; it leaves the stream when the channel is closed. */
  public final void close() {
    closed = true;
    channel.close();
  }

  private void leave() {
    closed = true;
    cancelWait();
    reportSkipped();
    heldMetadata = replace(heldMetadata, null);
    heldVideoHeader = replace(heldVideoHeader, null);
    heldAudioHeader = replace(heldAudioHeader, null);
    if (stream != null) {
      stream.detach(this);
    }
  }

  private static MediaFrame replace(MediaFrame old, MediaFrame next) {
    if (old != null) {
      old.release();
    }
    return next == null ? null : next.retain();
  }

  private static void releaseAll(List<MediaFrame> frames) {
    for (MediaFrame frame : frames) {
      frame.release();
    }
  }
}
