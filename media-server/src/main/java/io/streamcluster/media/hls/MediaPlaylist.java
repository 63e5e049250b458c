package io.streamcluster.media.hls;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A media playlist as a player reads it (RFC 8216, with the low-latency tags of its second
 * edition): segments with their parts, the parts of the segment being filled, the preload hint, the
 * server control and the sequence numbers. What the load tool plays from, and what the tests check
 * the server's playlists with. {@link #parse} accepts any text: what is not a valid playlist is an
 * IllegalArgumentException, nothing else.
 *
 * @param version EXT-X-VERSION, or 1
 * @param targetDuration EXT-X-TARGETDURATION in seconds
 * @param mediaSequence the media sequence number of the first segment (skipped ones included)
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE
 * @param serverControl EXT-X-SERVER-CONTROL, or null
 * @param partTarget EXT-X-PART-INF's PART-TARGET in seconds, or 0 without parts
 * @param skippedSegments EXT-X-SKIP's SKIPPED-SEGMENTS (a delta update), or 0
 * @param segments the complete segments listed (after the skipped ones)
 * @param openParts the parts listed after the last complete segment
 * @param openMap the URI of the EXT-X-MAP in effect for the open parts, or null
 * @param preloadHint EXT-X-PRELOAD-HINT, or null
 * @param ended whether EXT-X-ENDLIST is present
 */
public record MediaPlaylist(
    int version,
    int targetDuration,
    long mediaSequence,
    long discontinuitySequence,
    ServerControl serverControl,
    double partTarget,
    int skippedSegments,
    List<Segment> segments,
    List<Part> openParts,
    String openMap,
    PreloadHint preloadHint,
    boolean ended) {

  /** Longest playlist {@link #parse} reads: far more than any live window. */
  public static final int MAX_LENGTH = 4 << 20;

  /**
   * A media segment.
   *
   * @param msn its media sequence number
   * @param duration EXTINF, seconds
   * @param discontinuity whether EXT-X-DISCONTINUITY precedes it
   * @param map the URI of the EXT-X-MAP in effect, or null
   * @param programDateTime EXT-X-PROGRAM-DATE-TIME, or null
   * @param parts its parts, when listed
   */
  public record Segment(
      long msn,
      double duration,
      String uri,
      boolean discontinuity,
      String map,
      Instant programDateTime,
      List<Part> parts) {}

  /** A partial segment: EXT-X-PART. */
  public record Part(double duration, String uri, boolean independent) {}

  /** EXT-X-SERVER-CONTROL; absent numbers are 0. */
  public record ServerControl(
      boolean canBlockReload, double partHoldBack, double holdBack, double canSkipUntil) {}

  /** EXT-X-PRELOAD-HINT. */
  public record PreloadHint(String type, String uri) {}

  /** The media sequence number of the segment the open parts belong to. */
  public long openMsn() {
    return mediaSequence + skippedSegments + segments.size();
  }

  /** The newest listed part's (msn, index), the next one to ask a blocking reload for follows. */
  public long[] lastPart() {
    if (!openParts.isEmpty()) {
      return new long[] {openMsn(), openParts.size() - 1};
    }
    if (segments.isEmpty()) {
      return null;
    }
    Segment last = segments.get(segments.size() - 1);
    return new long[] {last.msn(), last.parts().size() - 1};
  }

  /** Parses a media playlist. */
  public static MediaPlaylist parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a playlist longer than " + MAX_LENGTH + " characters");
    }
    String[] lines = text.split("\r?\n", -1);
    if (lines.length == 0 || !lines[0].equals("#EXTM3U")) {
      throw new IllegalArgumentException("not a playlist: the first line is not #EXTM3U");
    }
    Builder b = new Builder();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      try {
        b.line(line);
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private static final class Builder {
    int version = 1;
    int targetDuration = -1;
    long mediaSequence;
    long discontinuitySequence;
    ServerControl serverControl;
    double partTarget;
    int skipped;
    boolean sawSegmentTag;
    final List<Segment> segments = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    PreloadHint hint;
    boolean ended;
    // pending tags of the next segment
    double duration = -1;
    boolean discontinuity;
    String map;
    Instant programDateTime;

    void line(String line) {
      if (line.isEmpty()) {
        return;
      }
      if (!line.startsWith("#")) {
        segment(line);
        return;
      }
      if (!line.startsWith("#EXT")) {
        return; // a comment
      }
      int colon = line.indexOf(':');
      String tag = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      switch (tag) {
        case "#EXT-X-VERSION" -> version = nonNegativeInt(value);
        case "#EXT-X-TARGETDURATION" -> targetDuration = nonNegativeInt(value);
        case "#EXT-X-MEDIA-SEQUENCE" -> mediaSequence = beforeSegments(nonNegativeLong(value));
        case "#EXT-X-DISCONTINUITY-SEQUENCE" ->
            discontinuitySequence = beforeSegments(nonNegativeLong(value));
        case "#EXT-X-SERVER-CONTROL" -> serverControl = serverControl(AttributeList.parse(value));
        case "#EXT-X-PART-INF" ->
            partTarget = positiveDouble(required(AttributeList.parse(value), "PART-TARGET"));
        case "#EXT-X-SKIP" ->
            // it stands for the oldest segments, so it comes before every listed one
            skipped =
                (int)
                    beforeSegments(
                        nonNegativeInt(required(AttributeList.parse(value), "SKIPPED-SEGMENTS")));
        case "#EXTINF" -> {
          int comma = value.indexOf(',');
          duration = nonNegativeDouble(comma < 0 ? value : value.substring(0, comma));
          sawSegmentTag = true;
        }
        case "#EXT-X-DISCONTINUITY" -> discontinuity = true;
        case "#EXT-X-MAP" -> map = required(AttributeList.parse(value), "URI");
        case "#EXT-X-PROGRAM-DATE-TIME" ->
            programDateTime = OffsetDateTime.parse(value).toInstant();
        case "#EXT-X-PART" -> {
          Map<String, String> attributes = AttributeList.parse(value);
          parts.add(
              new Part(
                  nonNegativeDouble(required(attributes, "DURATION")),
                  required(attributes, "URI"),
                  "YES".equals(attributes.get("INDEPENDENT"))));
        }
        case "#EXT-X-PRELOAD-HINT" -> {
          Map<String, String> attributes = AttributeList.parse(value);
          hint = new PreloadHint(required(attributes, "TYPE"), required(attributes, "URI"));
        }
        case "#EXT-X-ENDLIST" -> ended = true;
        case "#EXT-X-STREAM-INF" ->
            throw new IllegalArgumentException("a multivariant playlist, not a media playlist");
        default -> {
          // other tags do not change what a player fetches
        }
      }
    }

    private long beforeSegments(long value) {
      if (sawSegmentTag || !segments.isEmpty()) {
        throw new IllegalArgumentException("a playlist tag after the first segment");
      }
      return value;
    }

    void segment(String uri) {
      if (duration < 0) {
        throw new IllegalArgumentException("a URI without #EXTINF: " + uri);
      }
      long msn = mediaSequence + skipped + segments.size();
      segments.add(
          new Segment(msn, duration, uri, discontinuity, map, programDateTime, List.copyOf(parts)));
      parts = new ArrayList<>();
      duration = -1;
      discontinuity = false;
      programDateTime = null;
    }

    MediaPlaylist build() {
      if (targetDuration < 0) {
        throw new IllegalArgumentException("no #EXT-X-TARGETDURATION");
      }
      if (duration >= 0) {
        throw new IllegalArgumentException("an #EXTINF without its URI");
      }
      return new MediaPlaylist(
          version,
          targetDuration,
          mediaSequence,
          discontinuitySequence,
          serverControl,
          partTarget,
          skipped,
          List.copyOf(segments),
          List.copyOf(parts),
          map,
          hint,
          ended);
    }
  }

  private static ServerControl serverControl(Map<String, String> attributes) {
    return new ServerControl(
        "YES".equals(attributes.get("CAN-BLOCK-RELOAD")),
        optionalDouble(attributes.get("PART-HOLD-BACK")),
        optionalDouble(attributes.get("HOLD-BACK")),
        optionalDouble(attributes.get("CAN-SKIP-UNTIL")));
  }

  private static String required(Map<String, String> attributes, String name) {
    String value = attributes.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no " + name);
    }
    return value;
  }

  private static int nonNegativeInt(String value) {
    long parsed = nonNegativeLong(value);
    if (parsed > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("out of range: " + value);
    }
    return (int) parsed;
  }

  private static long nonNegativeLong(String value) {
    long parsed = Long.parseLong(value.strip());
    if (parsed < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return parsed;
  }

  private static double optionalDouble(String value) {
    return value == null ? 0 : nonNegativeDouble(value);
  }

  private static double positiveDouble(String value) {
    double parsed = nonNegativeDouble(value);
    if (parsed == 0) {
      throw new IllegalArgumentException("zero: " + value);
    }
    return parsed;
  }

  private static double nonNegativeDouble(String value) {
    String text = value.strip();
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)))) {
      throw new IllegalArgumentException("not a decimal: " + value);
    }
    double parsed = Double.parseDouble(text);
    if (!Double.isFinite(parsed) || parsed < 0) {
      throw new IllegalArgumentException("not a duration: " + value);
    }
    return parsed;
  }
}
