package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.hls.MediaPlaylist;
import org.junit.jupiter.api.Test;

/** What a low-latency player fetches, step by step, from the playlists it reads. */
class HlsPlayheadTest {

  private static final String HEAD =
      """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-TARGETDURATION:2
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.020,CAN-SKIP-UNTIL=12.000
      #EXT-X-PART-INF:PART-TARGET=0.340
      #EXT-X-MEDIA-SEQUENCE:10
      #EXT-X-MAP:URI="init-r-0.mp4"
      """;

  /** Segment 10 complete with three parts of 0.32 s and one of 0.08 s, then open parts of 11. */
  private static MediaPlaylist playlist(int openParts) {
    StringBuilder text = new StringBuilder(HEAD);
    text.append(
        """
        #EXT-X-PART:DURATION=0.320,URI="part-r-0.m4s",INDEPENDENT=YES
        #EXT-X-PART:DURATION=0.320,URI="part-r-1.m4s"
        #EXT-X-PART:DURATION=0.320,URI="part-r-2.m4s"
        #EXT-X-PART:DURATION=0.080,URI="part-r-3.m4s"
        #EXTINF:1.040,
        seg-r-10.m4s
        """);
    for (int i = 0; i < openParts; i++) {
      text.append("#EXT-X-PART:DURATION=0.320,URI=\"part-r-")
          .append(4 + i)
          .append(".m4s\"")
          .append(i == 0 ? ",INDEPENDENT=YES" : "")
          .append('\n');
    }
    text.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-r-")
        .append(4 + openParts)
        .append(".m4s\"\n");
    return MediaPlaylist.parse(text.toString());
  }

  @Test
  void startsOnTheIndependentPartBeforePartHoldBackThenPlaysEachPartInTurn() {
    HlsPlayhead playhead = new HlsPlayhead();
    MediaPlaylist playlist = playlist(2);

    assertThat(playhead.next(playlist)).isEqualTo(new HlsPlayhead.Init("init-r-0.mp4"));
    HlsPlayhead.Step first = playhead.next(playlist);
    // 1.02 s back from the end lands in segment 10, whose independent part is its first
    assertThat(first).isEqualTo(new HlsPlayhead.Media("part-r-0.m4s", 320, true, true));
    play(playhead, first);
    assertThat(playhead.next(playlist))
        .isEqualTo(new HlsPlayhead.Media("part-r-1.m4s", 320, false, true));
  }

  @Test
  void crossesIntoTheNextSegmentAndAsksABlockingReloadForWhatIsNotListedYet() {
    HlsPlayhead playhead = new HlsPlayhead();
    MediaPlaylist playlist = playlist(1);
    playhead.next(playlist); // the map
    for (String uri :
        new String[] {
          "part-r-0.m4s", "part-r-1.m4s", "part-r-2.m4s", "part-r-3.m4s", "part-r-4.m4s"
        }) {
      HlsPlayhead.Step step = playhead.next(playlist);
      assertThat(((HlsPlayhead.Media) step).uri()).isEqualTo(uri);
      play(playhead, step);
    }

    assertThat(playhead.next(playlist)).isEqualTo(new HlsPlayhead.Reload(11, 1));
    assertThat(playhead.next(playlist(2)))
        .isEqualTo(new HlsPlayhead.Media("part-r-5.m4s", 320, false, true));
  }

  @Test
  void aPlayerWhoseSegmentLeftThePlaylistStartsAgainAtTheEdge() {
    HlsPlayhead playhead = new HlsPlayhead();
    playhead.next(playlist(1));
    playhead.next(playlist(1));
    MediaPlaylist later =
        MediaPlaylist.parse(
            HEAD.replace("MEDIA-SEQUENCE:10", "MEDIA-SEQUENCE:40")
                + """
                #EXT-X-PART:DURATION=0.320,URI="part-r-90.m4s",INDEPENDENT=YES
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-r-91.m4s"
                """);

    assertThat(playhead.next(later))
        .isEqualTo(new HlsPlayhead.Media("part-r-90.m4s", 320, true, true));
    assertThat(playhead.restarts()).isEqualTo(1);
  }

  @Test
  void withoutPartsItPlaysWholeSegmentsFromThreeTargetDurationsBack() {
    HlsPlayhead playhead = new HlsPlayhead();
    MediaPlaylist standard =
        MediaPlaylist.parse(
            """
            #EXTM3U
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:5
            #EXTINF:2.0,
            a.ts
            #EXTINF:2.0,
            b.ts
            #EXTINF:2.0,
            c.ts
            #EXTINF:2.0,
            d.ts
            """);

    HlsPlayhead.Step step = playhead.next(standard);
    assertThat(step).isEqualTo(new HlsPlayhead.Media("b.ts", 2000, true, false));
    play(playhead, step);
    assertThat(((HlsPlayhead.Media) playhead.next(standard)).uri()).isEqualTo("c.ts");
  }

  private static void play(HlsPlayhead playhead, HlsPlayhead.Step step) {
    playhead.played((HlsPlayhead.Media) step);
  }
}
