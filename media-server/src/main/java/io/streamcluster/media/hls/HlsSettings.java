package io.streamcluster.media.hls;

import java.time.Duration;

/**
 * How HLS packaging behaves over time.
 *
 * @param sessionTtl a player counts while its session was seen this recently
 * @param idleTimeout a stream's packager stops after this long without an HLS request
 * @param streamWait how long a request waits for a stream with no source, and how long a packager
 *     keeps a stream whose source went away before it ends the playlist
 */
public record HlsSettings(Duration sessionTtl, Duration idleTimeout, Duration streamWait) {

  /** Sessions seen in the last 8 s; packagers idle for 20 s stop. */
  public static HlsSettings defaults(Duration streamWait) {
    return new HlsSettings(Duration.ofSeconds(8), Duration.ofSeconds(20), streamWait);
  }
}
