package io.streamcluster.media.hls;

/**
 * The names of a rendition's resources under {@code /live/<stream>/}, made and read in one place:
 * {@code index.m3u8} (the multivariant playlist), {@code media.m3u8} (the media playlist), {@code
 * init-<run>-<n>.mp4}, {@code seg-<run>-<msn>.m4s} and {@code part-<run>-<index>.m4s}. The run
 * makes every URI unique across restarts of a stream's packager, so a cache never serves a stale
 * segment under a reused name.
 */
final class HlsUris {

  static final String MULTIVARIANT = "index.m3u8";
  static final String MEDIA = "media.m3u8";

  /** The query parameter of the media playlist that names a player's session. */
  static final String SESSION = "session";

  private HlsUris() {}

  static String init(String run, int index) {
    return "init-" + run + "-" + index + ".mp4";
  }

  static String segment(String run, long msn) {
    return "seg-" + run + "-" + msn + ".m4s";
  }

  static String part(String run, long index) {
    return "part-" + run + "-" + index + ".m4s";
  }

  /** What a resource name asks for. */
  enum Kind {
    MULTIVARIANT,
    MEDIA,
    INIT,
    SEGMENT,
    PART
  }

  /**
   * A parsed resource name.
   *
   * @param run the run it names (null for playlists)
   * @param number the init index, media sequence number or part index
   */
  record Resource(Kind kind, String run, long number) {}

  /** Parses a resource name; null when it is none of a rendition's. */
  static Resource parse(String name) {
    if (name.equals(MULTIVARIANT)) {
      return new Resource(Kind.MULTIVARIANT, null, 0);
    }
    if (name.equals(MEDIA)) {
      return new Resource(Kind.MEDIA, null, 0);
    }
    if (name.startsWith("init-") && name.endsWith(".mp4")) {
      return numbered(Kind.INIT, name, "init-".length(), ".mp4".length());
    }
    if (name.startsWith("seg-") && name.endsWith(".m4s")) {
      return numbered(Kind.SEGMENT, name, "seg-".length(), ".m4s".length());
    }
    if (name.startsWith("part-") && name.endsWith(".m4s")) {
      return numbered(Kind.PART, name, "part-".length(), ".m4s".length());
    }
    return null;
  }

  private static Resource numbered(Kind kind, String name, int prefix, int suffix) {
    String middle = name.substring(prefix, name.length() - suffix);
    int dash = middle.lastIndexOf('-');
    if (dash <= 0 || dash == middle.length() - 1 || middle.length() - dash > 19) {
      return null;
    }
    for (int i = dash + 1; i < middle.length(); i++) {
      if (!Character.isDigit(middle.charAt(i))) {
        return null;
      }
    }
    return new Resource(
        kind, middle.substring(0, dash), Long.parseLong(middle.substring(dash + 1)));
  }
}
