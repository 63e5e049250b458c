package io.streamcluster.load;

import io.streamcluster.media.hls.MediaPlaylist;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a low-latency HLS player is and what it asks for next, as hls.js does it: it starts on the
 * independent part at or before PART-HOLD-BACK from the live edge (three target durations back for
 * a playlist without parts), fetches the initialization section whenever the map changes, then each
 * part in turn, asking a blocking reload ({@code _HLS_msn}, {@code _HLS_part}) for the one that is
 * not listed yet; a whole segment when its parts are no longer listed (a player that fell behind);
 * and starts again at the live edge when what it wants has left the playlist.
 */
final class HlsPlayhead {

  /** What to fetch next. */
  sealed interface Step permits Init, Media, Reload {}

  /** The initialization section at {@code uri}. */
  record Init(String uri) implements Step {}

  /** A part ({@code part} true) or a whole segment, {@code millis} long. */
  record Media(String uri, long millis, boolean independent, boolean part) implements Step {}

  /** The playlist once it lists part {@code part} of segment {@code msn}. */
  record Reload(long msn, int part) implements Step {}

  private long msn = -1;
  private int part;
  private String map;
  private int restarts;

  /** The next step once {@code playlist} is the newest playlist. */
  Step next(MediaPlaylist playlist) {
    if (msn < 0 || msn < firstMsn(playlist)) {
      if (msn >= 0) {
        restarts++;
      }
      start(playlist);
    }
    while (true) {
      String wantedMap = mapFor(playlist, msn);
      if (wantedMap != null && !wantedMap.equals(map)) {
        map = wantedMap;
        return new Init(wantedMap);
      }
      MediaPlaylist.Segment segment = segment(playlist, msn);
      if (segment != null) {
        if (segment.parts().isEmpty() && part == 0) {
          return new Media(segment.uri(), millis(segment.duration()), true, false);
        }
        if (part < segment.parts().size()) {
          return media(segment.parts().get(part));
        }
        advanceSegment();
        continue;
      }
      if (msn == playlist.openMsn() && part < playlist.openParts().size()) {
        return media(playlist.openParts().get(part));
      }
      return new Reload(msn, part);
    }
  }

  /** The media of the last {@link Media} step arrived. */
  void played(Media media) {
    if (media.part()) {
      part++;
    } else {
      advanceSegment();
    }
  }

  /** How often the player fell out of the playlist's window and started again at the edge. */
  int restarts() {
    return restarts;
  }

  private void advanceSegment() {
    msn++;
    part = 0;
  }

  private static Media media(MediaPlaylist.Part part) {
    return new Media(part.uri(), millis(part.duration()), part.independent(), true);
  }

  /** The independent part at or before PART-HOLD-BACK from the end, or three segments back. */
  private void start(MediaPlaylist playlist) {
    List<long[]> parts = new ArrayList<>(); // msn, index, duration in ms, independent
    for (MediaPlaylist.Segment segment : playlist.segments()) {
      for (int i = 0; i < segment.parts().size(); i++) {
        MediaPlaylist.Part p = segment.parts().get(i);
        parts.add(new long[] {segment.msn(), i, millis(p.duration()), p.independent() ? 1 : 0});
      }
    }
    for (int i = 0; i < playlist.openParts().size(); i++) {
      MediaPlaylist.Part p = playlist.openParts().get(i);
      parts.add(new long[] {playlist.openMsn(), i, millis(p.duration()), p.independent() ? 1 : 0});
    }
    MediaPlaylist.ServerControl control = playlist.serverControl();
    if (!parts.isEmpty() && control != null && control.partHoldBack() > 0) {
      long holdBack = millis(control.partHoldBack());
      long fromEnd = 0;
      int at = parts.size() - 1;
      while (at > 0 && fromEnd + parts.get(at)[2] < holdBack) {
        fromEnd += parts.get(at)[2];
        at--;
      }
      while (at > 0 && parts.get(at)[3] == 0) {
        at--;
      }
      msn = parts.get(at)[0];
      part = (int) parts.get(at)[1];
      return;
    }
    List<MediaPlaylist.Segment> segments = playlist.segments();
    msn =
        segments.isEmpty()
            ? playlist.openMsn()
            : segments.get(Math.max(0, segments.size() - 3)).msn();
    part = 0;
  }

  private static long firstMsn(MediaPlaylist playlist) {
    return playlist.segments().isEmpty() ? playlist.openMsn() : playlist.segments().get(0).msn();
  }

  private static MediaPlaylist.Segment segment(MediaPlaylist playlist, long msn) {
    for (MediaPlaylist.Segment segment : playlist.segments()) {
      if (segment.msn() == msn) {
        return segment;
      }
    }
    return null;
  }

  private static String mapFor(MediaPlaylist playlist, long msn) {
    MediaPlaylist.Segment segment = segment(playlist, msn);
    return segment != null ? segment.map() : playlist.openMap();
  }

  private static long millis(double seconds) {
    return Math.round(seconds * 1000);
  }
}
