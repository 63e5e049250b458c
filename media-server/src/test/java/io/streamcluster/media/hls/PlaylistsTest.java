package io.streamcluster.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading playlists as a player does: what the load tool and the tests rely on. */
class PlaylistsTest {

  private static final String LOW_LATENCY =
      """
      #EXTM3U
      #EXT-X-VERSION:9
      #EXT-X-TARGETDURATION:4
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0,CAN-SKIP-UNTIL=24.0
      #EXT-X-PART-INF:PART-TARGET=0.33334
      #EXT-X-MEDIA-SEQUENCE:266
      #EXT-X-SKIP:SKIPPED-SEGMENTS=3
      #EXT-X-MAP:URI="init.mp4"
      #EXT-X-PROGRAM-DATE-TIME:2019-02-14T02:13:36.106Z
      #EXTINF:4.00008,
      fileSequence269.mp4
      #EXT-X-DISCONTINUITY
      #EXT-X-PART:DURATION=0.33334,URI="filePart270.0.mp4",INDEPENDENT=YES
      #EXT-X-PART:DURATION=0.33334,URI="filePart270.1.mp4"
      #EXTINF:0.66668,
      fileSequence270.mp4
      #EXT-X-PART:DURATION=0.33334,URI="filePart271.0.mp4",INDEPENDENT=YES
      #EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart271.1.mp4"
      """;

  @Test
  void readsALowLatencyDeltaUpdate() {
    MediaPlaylist playlist = MediaPlaylist.parse(LOW_LATENCY);

    assertThat(playlist.targetDuration()).isEqualTo(4);
    assertThat(playlist.partTarget()).isEqualTo(0.33334);
    assertThat(playlist.serverControl().canBlockReload()).isTrue();
    assertThat(playlist.serverControl().partHoldBack()).isEqualTo(1.0);
    assertThat(playlist.serverControl().canSkipUntil()).isEqualTo(24.0);
    assertThat(playlist.skippedSegments()).isEqualTo(3);
    assertThat(playlist.segments())
        .extracting(MediaPlaylist.Segment::msn)
        .containsExactly(269L, 270L);
    assertThat(playlist.segments().get(1).discontinuity()).isTrue();
    assertThat(playlist.segments().get(1).parts()).hasSize(2);
    assertThat(playlist.segments().get(1).map()).isEqualTo("init.mp4");
    assertThat(playlist.openParts()).hasSize(1);
    assertThat(playlist.openMsn()).isEqualTo(271);
    assertThat(playlist.lastPart()).containsExactly(271, 0);
    assertThat(playlist.preloadHint().uri()).isEqualTo("filePart271.1.mp4");
    assertThat(playlist.segments().get(0).programDateTime().toEpochMilli())
        .isEqualTo(1550110416106L);
  }

  @Test
  void refusesWhatIsNotAMediaPlaylist() {
    assertThatThrownBy(() -> MediaPlaylist.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaPlaylist.parse("#EXTM3U\n#EXTINF:2,\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaPlaylist.parse("#EXTM3U\n#EXT-X-TARGETDURATION:x\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> MediaPlaylist.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PART:URI=\"a\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                MediaPlaylist.parse(
                    "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheVariantOfAMultivariantPlaylist() {
    String text =
        PlaylistWriter.multivariant(
            new Tracks(
                AvcConfig.parse(CodecVectors.AVC_1024X768),
                AacConfig.parse(CodecVectors.AAC_44100_STEREO)),
            1_600_000,
            "media.m3u8?session=abc");

    MultivariantPlaylist.Variant variant = MultivariantPlaylist.parse(text).variants().get(0);

    assertThat(variant.codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
    assertThat(variant.resolution()).isEqualTo("1024x768");
    assertThat(variant.bandwidth()).isEqualTo(1_600_000);
    assertThat(variant.uri()).isEqualTo("media.m3u8?session=abc");
  }

  @Test
  void resourceNamesRoundTrip() {
    assertThat(HlsUris.parse(HlsUris.part("mx1", 42)))
        .isEqualTo(new HlsUris.Resource(HlsUris.Kind.PART, "mx1", 42));
    assertThat(HlsUris.parse(HlsUris.segment("mx1", 7)).kind()).isEqualTo(HlsUris.Kind.SEGMENT);
    assertThat(HlsUris.parse(HlsUris.init("mx1", 0)).kind()).isEqualTo(HlsUris.Kind.INIT);
    assertThat(HlsUris.parse("index.m3u8").kind()).isEqualTo(HlsUris.Kind.MULTIVARIANT);
    assertThat(HlsUris.parse("part-mx1-x.m4s")).isNull();
    assertThat(HlsUris.parse("part--1.m4s")).isNull();
    assertThat(HlsUris.parse("other.m3u8")).isNull();
  }

  @Test
  void byteRangesAreServedOneAtATime() {
    assertThat(ByteRange.parse("bytes=0-99", 1000)).containsExactly(0, 99);
    assertThat(ByteRange.parse("bytes=900-", 1000)).containsExactly(900, 999);
    assertThat(ByteRange.parse("bytes=-100", 1000)).containsExactly(900, 999);
    assertThat(ByteRange.parse("bytes=0-5000", 1000)).containsExactly(0, 999);
    assertThat(ByteRange.parse("bytes=1000-", 1000)).isSameAs(ByteRange.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isNull();
    assertThat(ByteRange.parse("items=0-1", 1000)).isNull();
  }

  @Test
  void sessionsLeaveWhenNotSeenForTheirTimeToLive() {
    HlsSessions sessions = new HlsSessions(1_000);
    String first = sessions.open(0);
    String second = sessions.open(500);

    assertThat(HlsSessions.isWellFormed(first)).isTrue();
    assertThat(sessions.expire(1_200)).isEqualTo(1);
    assertThat(sessions.isKnown(first)).isFalse();
    sessions.seen(second, 1_400);
    assertThat(sessions.expire(2_300)).isEqualTo(1);
    assertThat(HlsSessions.isWellFormed("../etc")).isFalse();
  }
}
