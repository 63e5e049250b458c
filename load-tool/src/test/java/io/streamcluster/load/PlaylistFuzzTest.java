package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamcluster.media.hls.MediaPlaylist;
import io.streamcluster.media.hls.MultivariantPlaylist;

/**
 * The playlists the load tool reads come from a server under test: whatever text arrives is a
 * playlist or an IllegalArgumentException, never another failure, and a playlist that parses is one
 * the playhead can take its next step from. In a normal build the seeds in the Inputs directory run
 * as regression tests; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PlaylistFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void aMediaPlaylistIsReadOrRefusedAndThenPlayable(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    MediaPlaylist playlist;
    try {
      playlist = MediaPlaylist.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    long msn = playlist.mediaSequence() + playlist.skippedSegments();
    for (MediaPlaylist.Segment segment : playlist.segments()) {
      assertThat(segment.msn()).isEqualTo(msn++);
      assertThat(segment.duration()).isNotNegative();
    }
    HlsPlayhead.Step step = new HlsPlayhead().next(playlist);
    assertThat(step).isNotNull();
  }

  @FuzzTest(maxDuration = "1m")
  void aMultivariantPlaylistIsReadOrRefused(FuzzedDataProvider data) {
    try {
      assertThat(MultivariantPlaylist.parse(data.consumeRemainingAsString()).variants())
          .isNotEmpty();
    } catch (IllegalArgumentException refused) {
      // what a player would refuse too
    }
  }
}
