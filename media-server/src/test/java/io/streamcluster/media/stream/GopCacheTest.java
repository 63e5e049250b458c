package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GopCacheTest {

  private final GopCache cache = new GopCache(1 << 20, new GopBudget(GopBudget.UNBOUNDED));

  @AfterEach
  void releaseCache() {
    cache.clear();
  }

  @Test
  void newPlayerStartsWithHeadersAndTheGroupOfPicturesSinceTheLastKeyframe() {
    feed(
        Frames.metadata(0),
        Frames.videoHeader(0),
        Frames.audioHeader(0),
        Frames.keyframe(0),
        Frames.interframe(40),
        Frames.audio(45),
        Frames.keyframe(2000),
        Frames.interframe(2040),
        Frames.audio(2050));

    assertThat(describe(cache.snapshot()))
        .containsExactly(
            "DATA@0",
            "VIDEO@0 header",
            "AUDIO@0 header",
            "VIDEO@2000 key",
            "VIDEO@2040",
            "AUDIO@2050");
  }

  @Test
  void framesBeforeTheFirstKeyframeAreNotCached() {
    feed(Frames.videoHeader(0), Frames.interframe(40), Frames.audio(45));

    assertThat(describe(cache.snapshot())).containsExactly("VIDEO@0 header");
  }

  @Test
  void aNewVideoSequenceHeaderDropsFramesCodedAgainstTheOldOne() {
    feed(Frames.videoHeader(0), Frames.keyframe(0), Frames.interframe(40), Frames.videoHeader(80));

    assertThat(describe(cache.snapshot())).containsExactly("VIDEO@80 header");
    feed(Frames.keyframe(80));
    assertThat(describe(cache.snapshot())).containsExactly("VIDEO@80 header", "VIDEO@80 key");
  }

  @Test
  void aGroupOfPicturesOverTheByteLimitIsDroppedUntilTheNextKeyframe() {
    GopCache small = new GopCache(20, new GopBudget(GopBudget.UNBOUNDED));
    try {
      for (MediaFrame frame :
          List.of(Frames.keyframe(0), Frames.interframe(40), Frames.interframe(80))) {
        small.add(frame);
        frame.release();
      }
      assertThat(small.gopFrames()).isZero();
      MediaFrame key = Frames.keyframe(120);
      small.add(key);
      key.release();
      assertThat(small.gopFrames()).isEqualTo(1);
    } finally {
      small.clear();
    }
  }

  private void feed(MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      cache.add(frame);
      frame.release();
    }
  }

  private static List<String> describe(List<MediaFrame> frames) {
    List<String> names = frames.stream().map(f -> f.toString().replaceAll(" \\d+B$", "")).toList();
    frames.forEach(MediaFrame::release);
    return names;
  }
}
