package io.streamcluster.media.amf;

import java.time.Instant;

/**
 * An AMF0 date: milliseconds since the epoch as a double, and the time zone field the format
 * reserves (written as 0 by everyone; kept so that round trips are exact).
 */
public record Amf0Date(double epochMillis, int timeZone) {

  public static Amf0Date of(Instant instant) {
    return new Amf0Date(instant.toEpochMilli(), 0);
  }

  public Instant toInstant() {
    return Instant.ofEpochMilli((long) epochMillis);
  }
}
