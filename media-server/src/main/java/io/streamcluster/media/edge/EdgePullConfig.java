package io.streamcluster.media.edge;

import java.time.Duration;

/**
 * How an edge pulls its streams from origins.
 *
 * @param grace how long an upstream is kept after its stream's last player left, so that a player
 *     who comes straight back (a page reload, a player switching renditions) starts at once
 * @param initialBackoff the wait before the first reconnect after an upstream dropped
 * @param maxBackoff the longest wait between reconnect rounds; the wait doubles up to it
 * @param jitter the fraction by which each wait is randomly shortened or lengthened (0.2: ±20 %),
 *     so that the edges behind a restarted origin do not all call it at the same instant
 * @param connectTimeout time to open the TCP connection to an origin
 * @param handshakeTimeout time for the origin to complete the RTMP handshake
 * @param readTimeout an upstream that sends nothing for this long is considered lost (longer than
 *     the time an origin makes a player wait for a publisher before it answers not found)
 * @param lookupTimeout time an origin has to answer which streams it holds
 */
public record EdgePullConfig(
    Duration grace,
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration readTimeout,
    Duration lookupTimeout) {

  public static final EdgePullConfig DEFAULTS =
      new EdgePullConfig(
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofSeconds(5),
          0.2,
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(2));

  public EdgePullConfig {
    requireNonNegative("grace", grace);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff is shorter than initialBackoff");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("readTimeout", readTimeout);
    requirePositive("lookupTimeout", lookupTimeout);
  }

  public EdgePullConfig withGrace(Duration newGrace) {
    return new EdgePullConfig(
        newGrace,
        initialBackoff,
        maxBackoff,
        jitter,
        connectTimeout,
        handshakeTimeout,
        readTimeout,
        lookupTimeout);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void requireNonNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
