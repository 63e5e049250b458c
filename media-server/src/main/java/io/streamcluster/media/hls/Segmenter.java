package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.MediaFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a live stream's frames into an fMP4 rendition: segments that start on keyframes and parts of
 * about {@value #PART_AIM_MILLIS} ms, written into a {@link Rendition}. H.264 and AAC go in as
 * published (FLV bodies: the AVC NAL units after their 5-byte header, the raw AAC frame after its
 * 2-byte header), never transcoded.
 *
 * <p>Sizes come from the stream itself: the first segment (from the keyframe a new packager starts
 * on to the next one) shows the GOP and the frame interval, which fix the target duration and the
 * part target; its own parts were cut before that and are not listed. A video frame's duration is
 * known when the next one arrives, so a part closes on the arrival of the frame after it.
 *
 * <p>A source that goes away or a codec configuration that changes closes the segment; the next one
 * follows a discontinuity, with a new initialization section when the configuration differs. Only
 * touched on its stream's event loop.
 */
final class Segmenter {

  /** What a part aims at; its target is a whole number of frames near it. */
  static final long PART_AIM_MILLIS = 300;

  private static final Logger log = LoggerFactory.getLogger(Segmenter.class);
  private static final int AVC = 7;
  private static final int AAC = 10;
  private static final long VIDEO_TICKS_PER_MILLI = Tracks.VIDEO_TIMESCALE / 1000;
  private static final int MIN_TARGET_DURATION = 2;
  private static final int MAX_TARGET_DURATION = 10;
  private static final long FIRST_SEGMENT_MIN_MILLIS = 1000;

  /** A GOP longer than the target duration is cut this far past it (EXTINF rounds to it). */
  private static final long OVERLONG_GOP_MARGIN_MILLIS = 200;

  private static final long DEFAULT_FRAME_MILLIS = 40;

  private final String stream;
  private final Rendition rendition;
  private final ByteBufAllocator alloc;
  private final LongSupplier clockOrigin;
  private final Set<String> warned = new HashSet<>();

  private AvcConfig avc;
  private AacConfig aac;
  private Tracks tracks;
  private HlsInit init;
  private boolean discontinuity;

  private final long[] deltas = new long[64];
  private int deltaCount;
  private long frameMillis;
  private long partCutMillis;
  private int targetDurationSeconds;

  private boolean segmentOpen;
  private long segmentStart;
  private long partStart;
  private final List<Sample> video = new ArrayList<>();
  private final List<Sample> audio = new ArrayList<>();
  private Sample pendingVideo;
  private long pendingTimestamp;
  private long audioNext;
  private boolean audioTimed;
  private long fragmentSequence = 1;

  /**
   * @param clockOrigin the stream's {@link LiveStream#clockOriginMillis()}, for program date times
   */
  Segmenter(String stream, Rendition rendition, ByteBufAllocator alloc, LongSupplier clockOrigin) {
    this.stream = stream;
    this.rendition = rendition;
    this.alloc = alloc;
    this.clockOrigin = clockOrigin;
  }

  /** Takes in one frame; the frame stays the caller's. */
  void accept(MediaFrame frame) {
    if (frame.isVideo()) {
      video(frame);
    } else if (frame.isAudio()) {
      audio(frame);
    }
  }

  /** The source went away: what was cut so far becomes a segment; a discontinuity follows. */
  void sourceLost() {
    breakSegment();
    avc = null;
    aac = null;
  }

  /** No more frames: the last segment is completed and the rendition ends. */
  void end() {
    breakSegment();
    rendition.end();
  }

  /** Releases the samples not yet written. */
  void release() {
    releaseAll(video);
    releaseAll(audio);
    if (pendingVideo != null) {
      pendingVideo.release();
      pendingVideo = null;
    }
  }

  /** The tracks of the current initialization section, or null before the first segment. */
  Tracks tracks() {
    return tracks;
  }

  private void video(MediaFrame frame) {
    ByteBuf payload = frame.payload();
    int start = payload.readerIndex();
    int length = payload.readableBytes();
    if (length < 2) {
      return;
    }
    int b0 = payload.getUnsignedByte(start);
    if ((b0 & 0x80) != 0 || (b0 & 0x0F) != AVC) {
      warnOnce("video", "its video is not H.264; HLS carries H.264 only");
      return;
    }
    int packetType = payload.getUnsignedByte(start + 1);
    if (packetType == 0) {
      videoHeader(ByteBufUtil.getBytes(payload, start + 5, Math.max(0, length - 5)));
      return;
    }
    if (packetType != 1 || length <= 5) {
      return; // end of sequence, or an empty picture
    }
    long timestamp = frame.timestamp();
    boolean keyframe = frame.isKeyframe();
    if (!segmentOpen) {
      if (!keyframe || avc == null) {
        return; // a decoder starts on a keyframe with its configuration
      }
      startSegment(timestamp);
    } else {
      long delta = timestamp - pendingTimestamp;
      noteFrameInterval(delta);
      closePendingVideo(timestamp);
      long segmentMillis = timestamp - segmentStart;
      if ((keyframe && mayEndSegment(segmentMillis)) || mustEndSegment(segmentMillis)) {
        endSegment(timestamp);
        startSegment(timestamp);
      } else if (partCutMillis > 0 && timestamp - partStart >= partCutMillis) {
        endPart(timestamp);
      }
    }
    int compositionMillis = payload.getMedium(start + 2); // signed 24 bits
    ByteBuf picture = payload.retainedSlice(start + 5, length - 5);
    if (keyframe && !startsWithParameterSet(picture)) {
      picture =
          alloc
              .compositeBuffer(2)
              .addComponents(true, Unpooled.wrappedBuffer(tracks.video().parameterSets()), picture);
    }
    pendingVideo =
        new Sample(
            picture,
            timestamp * VIDEO_TICKS_PER_MILLI,
            (int) (compositionMillis * VIDEO_TICKS_PER_MILLI),
            keyframe);
    pendingTimestamp = timestamp;
  }

  /** Whether the picture's first NAL unit is a sequence parameter set (type 7) already. */
  private boolean startsWithParameterSet(ByteBuf picture) {
    int lengthSize = tracks.video().nalLengthSize();
    return picture.readableBytes() > lengthSize
        && (picture.getByte(picture.readerIndex() + lengthSize) & 0x1F) == 7;
  }

  private void videoHeader(byte[] record) {
    AvcConfig parsed;
    try {
      parsed = AvcConfig.parse(record);
    } catch (IllegalArgumentException e) {
      warnOnce("avcC", "an unreadable AVC configuration (" + e.getMessage() + ")");
      return;
    }
    if (parsed.equals(avc)) {
      return;
    }
    avc = parsed;
    if (segmentOpen && !parsed.equals(tracks.video())) {
      log.info("HLS of '{}': video configuration changed to {}", stream, parsed);
      breakSegment();
    }
  }

  private void audio(MediaFrame frame) {
    ByteBuf payload = frame.payload();
    int start = payload.readerIndex();
    int length = payload.readableBytes();
    if (length < 2) {
      return;
    }
    if ((payload.getUnsignedByte(start) >> 4) != AAC) {
      warnOnce("audio", "its audio is not AAC; HLS carries the video alone");
      return;
    }
    if (payload.getUnsignedByte(start + 1) == 0) {
      audioHeader(ByteBufUtil.getBytes(payload, start + 2, length - 2));
      return;
    }
    if (!segmentOpen || !tracks.hasAudio() || length == 2) {
      return;
    }
    long rate = tracks.audio().sampleRate();
    long measured = frame.timestamp() * rate / 1000;
    // Counted in whole frames, so that millisecond timestamps leave no gaps or overlaps; set
    // again from the timestamp when the two drift apart (a gap in the audio).
    if (!audioTimed || Math.abs(measured - audioNext) > rate / 10) {
      audioNext = measured;
      audioTimed = true;
    }
    Sample sample = new Sample(payload.retainedSlice(start + 2, length - 2), audioNext, 0, true);
    sample.duration = AacConfig.SAMPLES_PER_FRAME;
    audioNext += AacConfig.SAMPLES_PER_FRAME;
    audio.add(sample);
  }

  private void audioHeader(byte[] config) {
    AacConfig parsed;
    try {
      parsed = AacConfig.parse(config);
    } catch (IllegalArgumentException e) {
      warnOnce("asc", "an unreadable AAC configuration (" + e.getMessage() + ")");
      return;
    }
    if (parsed.equals(aac)) {
      return;
    }
    aac = parsed;
    if (segmentOpen && !parsed.equals(tracks.audio())) {
      log.info("HLS of '{}': audio configuration changed to {}", stream, parsed);
      breakSegment();
    }
  }

  private boolean mayEndSegment(long segmentMillis) {
    if (targetDurationSeconds == 0) {
      return segmentMillis >= FIRST_SEGMENT_MIN_MILLIS;
    }
    return segmentMillis >= targetDurationSeconds * 1000L - frameMillis / 2;
  }

  private boolean mustEndSegment(long segmentMillis) {
    long limit =
        targetDurationSeconds == 0 ? MAX_TARGET_DURATION * 1000L : targetDurationSeconds * 1000L;
    return segmentMillis >= limit + OVERLONG_GOP_MARGIN_MILLIS;
  }

  private void startSegment(long timestamp) {
    Tracks wanted = new Tracks(avc, aac);
    if (!wanted.equals(tracks)) {
      if (tracks != null) {
        discontinuity = true;
      }
      tracks = wanted;
      init = rendition.addInit(wanted);
      log.info("HLS of '{}': {}", stream, wanted.codecs() + " " + avc.width() + "x" + avc.height());
    }
    long origin = clockOrigin.getAsLong();
    rendition.beginSegment(
        init,
        discontinuity,
        origin == LiveStream.NO_CLOCK ? LiveStream.NO_CLOCK : origin + timestamp,
        partCutMillis > 0);
    discontinuity = false;
    segmentOpen = true;
    segmentStart = timestamp;
    partStart = timestamp;
  }

  private void closePendingVideo(long nextTimestamp) {
    if (pendingVideo != null) {
      long millis = Math.max(1, nextTimestamp - pendingTimestamp);
      pendingVideo.duration = (int) (millis * VIDEO_TICKS_PER_MILLI);
      video.add(pendingVideo);
      pendingVideo = null;
    }
  }

  private void endPart(long boundary) {
    if (!video.isEmpty() || !audio.isEmpty()) {
      ByteBuf data = Fragment.write(alloc, fragmentSequence++, video, audio);
      boolean independent = !video.isEmpty() && video.get(0).sync;
      rendition.addPart(boundary - partStart, independent, data);
      releaseAll(video);
      releaseAll(audio);
    }
    partStart = boundary;
  }

  private void endSegment(long boundary) {
    endPart(boundary);
    if (targetDurationSeconds == 0) {
      fixSizes(boundary - segmentStart);
    }
    rendition.completeSegment();
    segmentOpen = false;
  }

  /** Ends the open segment now, its last frame lasting one frame interval; a break follows. */
  private void breakSegment() {
    if (!segmentOpen) {
      return;
    }
    long boundary = pendingTimestamp + (frameMillis > 0 ? frameMillis : DEFAULT_FRAME_MILLIS);
    closePendingVideo(boundary);
    endSegment(boundary);
    discontinuity = true;
    audioTimed = false;
  }

  /**
   * The sizes players are told, from the first segment: the target duration from its length (a
   * GOP), the part target from the frame interval: a whole number of frames near {@value
   * #PART_AIM_MILLIS} ms plus half a frame of slack, with parts cut at a quarter frame short of
   * that number, so every part lies between 85% of the target and the target (RFC 8216bis 4.4.4.9)
   * even with millisecond timestamps.
   */
  private void fixSizes(long firstSegmentMillis) {
    frameMillis = medianFrameInterval();
    long frames = Math.max(5, Math.round((double) PART_AIM_MILLIS / frameMillis));
    long partTarget = frames * frameMillis + (frameMillis + 1) / 2;
    partCutMillis = frames * frameMillis - frameMillis / 4;
    targetDurationSeconds =
        (int)
            Math.min(
                MAX_TARGET_DURATION,
                Math.max(MIN_TARGET_DURATION, Math.round(firstSegmentMillis / 1000.0)));
    rendition.sizes(targetDurationSeconds, partTarget);
    log.info(
        "HLS of '{}': target duration {} s, parts of {} frames ({} ms frames), part target {} ms",
        stream,
        targetDurationSeconds,
        frames,
        frameMillis,
        partTarget);
  }

  private void noteFrameInterval(long delta) {
    if (targetDurationSeconds == 0 && delta > 0 && deltaCount < deltas.length) {
      deltas[deltaCount++] = delta;
    }
  }

  private long medianFrameInterval() {
    if (deltaCount == 0) {
      return DEFAULT_FRAME_MILLIS;
    }
    long[] sorted = Arrays.copyOf(deltas, deltaCount);
    Arrays.sort(sorted);
    return Math.max(1, sorted[deltaCount / 2]);
  }

  private void warnOnce(String what, String message) {
    if (warned.add(what)) {
      log.warn("HLS of '{}': {}", stream, message);
    }
  }

  private static void releaseAll(List<Sample> samples) {
    for (Sample sample : samples) {
      sample.release();
    }
    samples.clear();
  }
}
