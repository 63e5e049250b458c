package io.streamcluster.media.hls;

import io.streamcluster.media.stream.LiveStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a rendition's playlists (RFC 8216 and its second edition, draft-pantos-hls-rfc8216bis):
 * the multivariant playlist that hands each player its own media playlist URI, and the Low-Latency
 * HLS media playlist, whole or as a delta update ({@code _HLS_skip}). Players that do not know the
 * low-latency tags read the same media playlist as standard HLS.
 */
final class PlaylistWriter {

  private static final DateTimeFormatter PROGRAM_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private PlaylistWriter() {}

  /** How a delta update may skip: not, {@code _HLS_skip=YES}, or {@code _HLS_skip=v2}. */
  enum Skip {
    NONE,
    SEGMENTS,
    SEGMENTS_AND_DATERANGES
  }

  /** One variant stream: the media playlist at {@code mediaUri}. */
  static String multivariant(Tracks tracks, long bandwidth, String mediaUri) {
    StringBuilder out = new StringBuilder(256);
    out.append("#EXTM3U\n#EXT-X-VERSION:6\n");
    out.append("#EXT-X-STREAM-INF:BANDWIDTH=")
        .append(bandwidth)
        .append(",CODECS=\"")
        .append(tracks.codecs())
        .append("\",RESOLUTION=")
        .append(tracks.video().width())
        .append('x')
        .append(tracks.video().height())
        .append('\n');
    out.append(mediaUri).append('\n');
    return out.toString();
  }

  /** The media playlist; {@code skip} asks for a delta update, given only when one helps. */
  static String media(Rendition rendition, Skip skip) {
    int targetDuration = rendition.targetDurationSeconds();
    long partTarget = rendition.partTargetMillis();
    List<HlsSegment> segments = rendition.segments();
    HlsSegment open = rendition.openSegment();
    long total = totalMillis(rendition);
    int skipped = skip == Skip.NONE ? 0 : skippable(rendition, total);
    StringBuilder out = new StringBuilder(2048);
    out.append("#EXTM3U\n#EXT-X-VERSION:")
        .append(skipped == 0 ? 6 : skip == Skip.SEGMENTS ? 9 : 10)
        .append('\n');
    out.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
    out.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=")
        .append(seconds(3 * partTarget))
        .append(",CAN-SKIP-UNTIL=")
        .append(seconds(skipBoundaryMillis(rendition)))
        .append('\n');
    out.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(partTarget)).append('\n');
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(rendition.firstMsn()).append('\n');
    if (rendition.discontinuitySequence() > 0) {
      out.append("#EXT-X-DISCONTINUITY-SEQUENCE:")
          .append(rendition.discontinuitySequence())
          .append('\n');
    }
    if (skipped > 0) {
      out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped);
      if (skip == Skip.SEGMENTS_AND_DATERANGES) {
        out.append(",RECENTLY-REMOVED-DATERANGES=\"\"");
      }
      out.append('\n');
    }
    String run = rendition.run();
    long partsFrom = total - Rendition.PARTS_TARGET_DURATIONS * 1000L * targetDuration;
    long position = 0;
    HlsInit mapped = null;
    for (int i = 0; i < segments.size(); i++) {
      HlsSegment segment = segments.get(i);
      position += segment.durationMillis();
      if (i < skipped) {
        continue;
      }
      mapped = segmentTags(out, segment, mapped, run);
      if (segment.hasParts && position > partsFrom) {
        parts(out, segment, run);
      }
      out.append("#EXTINF:").append(seconds(segment.durationMillis())).append(",\n");
      out.append(HlsUris.segment(run, segment.msn)).append('\n');
    }
    if (open != null && open.hasParts && !open.parts().isEmpty()) {
      segmentTags(out, open, mapped, run);
      parts(out, open, run);
    }
    if (rendition.isEnded()) {
      out.append("#EXT-X-ENDLIST\n");
    } else {
      out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"")
          .append(HlsUris.part(run, rendition.nextPartIndex()))
          .append("\"\n");
    }
    return out.toString();
  }

  /** The tags that precede a segment (and its first part); returns the init now in effect. */
  private static HlsInit segmentTags(
      StringBuilder out, HlsSegment segment, HlsInit mapped, String run) {
    if (segment.discontinuity) {
      out.append("#EXT-X-DISCONTINUITY\n");
    }
    if (segment.init != mapped) {
      out.append("#EXT-X-MAP:URI=\"")
          .append(HlsUris.init(run, segment.init.index()))
          .append("\"\n");
    }
    if (segment.programDateTime != LiveStream.NO_CLOCK) {
      out.append("#EXT-X-PROGRAM-DATE-TIME:")
          .append(PROGRAM_DATE_TIME.format(Instant.ofEpochMilli(segment.programDateTime)))
          .append('\n');
    }
    return segment.init;
  }

  private static void parts(StringBuilder out, HlsSegment segment, String run) {
    for (HlsPart part : segment.parts()) {
      out.append("#EXT-X-PART:DURATION=")
          .append(seconds(part.durationMillis()))
          .append(",URI=\"")
          .append(HlsUris.part(run, part.index()))
          .append('"');
      if (part.independent()) {
        out.append(",INDEPENDENT=YES");
      }
      out.append('\n');
    }
  }

  /** The Skip Boundary: six target durations, the least the specification allows. */
  static long skipBoundaryMillis(Rendition rendition) {
    return Rendition.SKIP_TARGET_DURATIONS * 1000L * rendition.targetDurationSeconds();
  }

  /** How many leading segments start further than the Skip Boundary from the playlist's end. */
  static int skippable(Rendition rendition, long totalMillis) {
    long boundary = skipBoundaryMillis(rendition);
    int count = 0;
    long start = 0;
    for (HlsSegment segment : rendition.segments()) {
      if (totalMillis - start <= boundary) {
        break;
      }
      count++;
      start += segment.durationMillis();
    }
    return count;
  }

  /** The playlist's duration: complete segments and the listed parts of the open one. */
  static long totalMillis(Rendition rendition) {
    long total = 0;
    for (HlsSegment segment : rendition.segments()) {
      total += segment.durationMillis();
    }
    HlsSegment open = rendition.openSegment();
    if (open != null && open.hasParts) {
      total += open.durationMillis();
    }
    return total;
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
