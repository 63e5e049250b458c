package io.streamcluster.media.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A multivariant playlist's variant streams (RFC 8216 4.3.4.2), as a player reads them to choose
 * the media playlist it plays. {@link #parse} throws IllegalArgumentException on anything else.
 */
public record MultivariantPlaylist(List<Variant> variants) {

  /** One EXT-X-STREAM-INF and the URI after it. */
  public record Variant(long bandwidth, String codecs, String resolution, String uri) {}

  public static MultivariantPlaylist parse(String text) {
    if (text.length() > MediaPlaylist.MAX_LENGTH) {
      throw new IllegalArgumentException("a playlist that is too long");
    }
    String[] lines = text.split("\r?\n", -1);
    if (lines.length == 0 || !lines[0].equals("#EXTM3U")) {
      throw new IllegalArgumentException("not a playlist: the first line is not #EXTM3U");
    }
    List<Variant> variants = new ArrayList<>();
    Map<String, String> pending = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        pending = AttributeList.parse(line.substring("#EXT-X-STREAM-INF:".length()));
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (pending == null) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": a URI without EXT-X-STREAM-INF");
        }
        String bandwidth = pending.get("BANDWIDTH");
        if (bandwidth == null) {
          throw new IllegalArgumentException("line " + i + ": a variant without BANDWIDTH");
        }
        variants.add(
            new Variant(
                Long.parseLong(bandwidth), pending.get("CODECS"), pending.get("RESOLUTION"), line));
        pending = null;
      }
    }
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variant stream");
    }
    return new MultivariantPlaylist(List.copyOf(variants));
  }
}
