package io.streamcluster.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.streamcluster.media.stream.MediaFrame;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 25 fps stream with a 2 s GOP and 44.1 kHz AAC, cut into a rendition, read back as a player
 * reads its playlist.
 */
class SegmenterTest {

  private static final long CLOCK_ORIGIN = 1_790_000_000_000L;

  private final Rendition rendition = new Rendition("run1", PooledByteBufAllocator.DEFAULT);
  private final Segmenter segmenter =
      new Segmenter("cam", rendition, PooledByteBufAllocator.DEFAULT, () -> CLOCK_ORIGIN);
  private long nextAudio;
  private long gopStart;

  @AfterEach
  void release() {
    segmenter.release();
    rendition.release();
  }

  @Test
  void theFirstSegmentFixesTargetDurationAndPartTargetFromTheStream() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 4040);

    assertThat(rendition.isReady()).isTrue();
    assertThat(rendition.targetDurationSeconds()).isEqualTo(2);
    assertThat(rendition.partTargetMillis())
        .as("8 frames of 40 ms and half a frame")
        .isEqualTo(340);
    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    assertThat(playlist.segments()).hasSize(2);
    assertThat(playlist.segments().get(0).parts()).as("cut before parts were sized").isEmpty();
    assertThat(playlist.segments().get(1).parts()).hasSize(7);
  }

  @Test
  void everyPartLiesBetween85PercentOfThePartTargetAndTheTarget() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 12_000);

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    for (MediaPlaylist.Segment segment : playlist.segments()) {
      List<MediaPlaylist.Part> parts = segment.parts();
      for (int i = 0; i < parts.size(); i++) {
        MediaPlaylist.Part part = parts.get(i);
        assertThat(part.duration()).isLessThanOrEqualTo(playlist.partTarget());
        if (i < parts.size() - 1 && !part.independent()) {
          assertThat(part.duration()).isGreaterThanOrEqualTo(0.85 * playlist.partTarget());
        }
      }
      if (!parts.isEmpty()) {
        assertThat(parts.get(0).independent()).as("a segment starts on a keyframe").isTrue();
        assertThat(parts.stream().mapToDouble(MediaPlaylist.Part::duration).sum())
            .isCloseTo(segment.duration(), org.assertj.core.data.Offset.offset(0.001));
      }
      assertThat(Math.round(segment.duration())).isLessThanOrEqualTo(playlist.targetDuration());
    }
  }

  @Test
  void segmentsCarryTheirProgramDateTimeFromTheStreamsClock() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 6000);

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    assertThat(playlist.segments().get(1).programDateTime().toEpochMilli())
        .isEqualTo(CLOCK_ORIGIN + 2000);
  }

  @Test
  void theOpenSegmentsPartsAndThePreloadHintFollowTheCompleteSegments() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 4800); // 2 complete segments, then 800 ms: two parts closed, the third open

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    assertThat(playlist.openParts()).hasSize(2);
    assertThat(playlist.openMsn()).isEqualTo(2);
    assertThat(playlist.preloadHint().type()).isEqualTo("PART");
    assertThat(playlist.preloadHint().uri())
        .isEqualTo(HlsUris.part("run1", rendition.nextPartIndex()));
    assertThat(rendition.satisfies(2, 1)).isTrue();
    assertThat(rendition.satisfies(2, 2)).isFalse();
    assertThat(rendition.satisfies(1, -1)).isTrue();
    assertThat(rendition.satisfies(2, -1)).isFalse();
  }

  @Test
  void aDeltaUpdateSkipsWhatLiesBeyondSixTargetDurations() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 30_000);

    MediaPlaylist full = playlist(PlaylistWriter.Skip.NONE);
    MediaPlaylist delta = playlist(PlaylistWriter.Skip.SEGMENTS);

    assertThat(full.serverControl().canSkipUntil()).isEqualTo(12.0);
    assertThat(delta.skippedSegments()).isPositive();
    assertThat(delta.version()).isGreaterThanOrEqualTo(9);
    assertThat(delta.mediaSequence()).isEqualTo(full.mediaSequence());
    assertThat(delta.segments())
        .isEqualTo(full.segments().subList(delta.skippedSegments(), full.segments().size()));
    assertThat(delta.segments().get(0).map()).as("the map is repeated after the skip").isNotNull();
    List<MediaPlaylist.Segment> skipped = full.segments().subList(0, delta.skippedSegments());
    double skippedSeconds = skipped.stream().mapToDouble(MediaPlaylist.Segment::duration).sum();
    double total =
        full.segments().stream().mapToDouble(MediaPlaylist.Segment::duration).sum()
            + full.openParts().stream().mapToDouble(MediaPlaylist.Part::duration).sum();
    assertThat(total - skippedSeconds)
        .as("what starts within the Skip Boundary of the end is kept")
        .isLessThanOrEqualTo(12.0);
    assertThat(total - skippedSeconds + skipped.get(skipped.size() - 1).duration())
        .as("the last skipped segment starts beyond it")
        .isGreaterThan(12.0);
  }

  @Test
  void theWindowSlidesAndSequenceNumbersOnlyGrow() {
    headers(0, CodecVectors.AVC_640X360);
    long lastFirst = -1;
    for (long t = 0; t < 60_000; t += 2000) {
      play(t, t + 2000);
      if (!rendition.isReady()) {
        continue; // players wait for the first segment
      }
      MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
      assertThat(playlist.mediaSequence()).isGreaterThanOrEqualTo(lastFirst);
      lastFirst = playlist.mediaSequence();
    }
    assertThat(lastFirst).isPositive();
    assertThat(rendition.segments().size()).isBetween(10, 11);
  }

  @Test
  void aNewPictureSizeStartsANewInitAfterADiscontinuity() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 6000);
    segmenter.sourceLost();
    headers(6040, CodecVectors.AVC_1024X768);
    play(6040, 12_040);

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    List<MediaPlaylist.Segment> segments = playlist.segments();
    MediaPlaylist.Segment after =
        segments.stream().filter(MediaPlaylist.Segment::discontinuity).findFirst().orElseThrow();
    assertThat(after.map()).isEqualTo(HlsUris.init("run1", 1));
    assertThat(segments.get(0).map()).isEqualTo(HlsUris.init("run1", 0));
    assertThat(rendition.init(1).tracks().video().width()).isEqualTo(1024);
  }

  @Test
  void theSameConfigurationAfterARepublishKeepsItsInitButMarksTheBreak() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 4000);
    segmenter.sourceLost();
    headers(4040, CodecVectors.AVC_640X360);
    play(4040, 8040);

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    assertThat(playlist.segments()).anyMatch(MediaPlaylist.Segment::discontinuity);
    assertThat(playlist.segments()).allMatch(s -> s.map().equals(HlsUris.init("run1", 0)));
  }

  @Test
  void anEndedRenditionSaysSo() {
    headers(0, CodecVectors.AVC_640X360);
    play(0, 5000);
    segmenter.end();

    MediaPlaylist playlist = playlist(PlaylistWriter.Skip.NONE);
    assertThat(playlist.ended()).isTrue();
    assertThat(playlist.preloadHint()).isNull();
    assertThat(playlist.openParts()).isEmpty();
  }

  private void headers(long timestamp, byte[] avcC) {
    accept(FlvBodies.videoHeader(timestamp, avcC));
    accept(FlvBodies.audioHeader(timestamp, CodecVectors.AAC_44100_STEREO));
    nextAudio = timestamp;
    gopStart = timestamp;
  }

  /** 25 fps video with a keyframe every 2 s since the headers, and AAC frames, in [from, to). */
  private void play(long from, long to) {
    for (long t = from; t < to; t += 40) {
      while (nextAudio <= t) {
        accept(FlvBodies.aacFrame(nextAudio));
        nextAudio += 23;
      }
      accept(FlvBodies.picture(t, (t - gopStart) % 2000 == 0, 3000));
    }
  }

  private void accept(MediaFrame frame) {
    try {
      segmenter.accept(frame);
    } finally {
      frame.release();
    }
  }

  private MediaPlaylist playlist(PlaylistWriter.Skip skip) {
    String text = PlaylistWriter.media(rendition, skip);
    assertThat(text).doesNotContain("NaN");
    return MediaPlaylist.parse(text);
  }
}
