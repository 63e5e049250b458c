package io.streamcluster.media.hls;

/**
 * One byte range of a {@code Range} header (RFC 9110 14.1.2): {@code bytes=first-last}, {@code
 * bytes=first-} or {@code bytes=-suffix}. Several ranges, or another unit, are not served as
 * ranges: the whole resource is sent, as RFC 9110 allows.
 */
final class ByteRange {

  /** The range lies outside the resource: 416. */
  static final long[] UNSATISFIABLE = new long[0];

  private ByteRange() {}

  /**
   * The first and last byte positions, {@link #UNSATISFIABLE}, or null to send the whole resource.
   */
  static long[] parse(String header, long length) {
    String value = header.strip();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
      return null;
    }
    String spec = value.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String from = spec.substring(0, dash).strip();
      String to = spec.substring(dash + 1).strip();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix <= 0) {
          return UNSATISFIABLE;
        }
        return length == 0 ? UNSATISFIABLE : new long[] {Math.max(0, length - suffix), length - 1};
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? length - 1 : Math.min(Long.parseLong(to), length - 1);
      if (first < 0 || first >= length) {
        return UNSATISFIABLE;
      }
      if (last < first) {
        return null; // not a valid range: ignored
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
