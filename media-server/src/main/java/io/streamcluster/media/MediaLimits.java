package io.streamcluster.media;

import java.time.Duration;

/**
 * Every bound the media server puts on a peer and on what all peers together may make it hold, in
 * one place (in the style of Netty's {@code HttpDecoderConfig}; the HTTP listener's own bounds are
 * {@link io.streamcluster.media.http.HttpLimits}). A peer that crosses one is refused or
 * disconnected with a log line naming the limit and a count in {@code
 * streamcluster_connections_refused_total{reason}}; nobody else is affected.
 *
 * @param maxIncomingChunkSize largest chunk size a peer may announce with Set Chunk Size
 * @param maxMessageSize largest RTMP message (or FLV tag body) accepted from a peer that publishes
 *     or plays; a publisher may have at most two such messages under way at once
 * @param maxChunkStreams chunk streams one connection may have open at once
 * @param preAdmissionBytes what an RTMP peer may make the server hold before it is admitted to
 *     publish or play: the largest message it may send and all its partial messages together
 * @param outboundChunkSize chunk size used for everything this server sends
 * @param handshakeTimeout time a peer has to complete the RTMP handshake
 * @param startTimeout time an RTMP peer has, after the handshake, to connect and ask to publish or
 *     play
 * @param maxOutboundBytes bytes queued for a peer that does not read (control replies, HTTP
 *     answers) before it is disconnected; a player may queue its GOP and its player queue on top
 * @param subscriberQueueBytes bytes queued for one player before it counts as slow (the channel's
 *     high write water mark; the low mark is half of it)
 * @param slowSubscriberTimeout how long a player may stay slow (skipping frames) before it is
 *     disconnected
 * @param streamWaitTimeout how long a player waits for a stream that has no publisher (not yet, or
 *     not any more) before it is told the stream is not found; also how long a dropped publisher's
 *     name stays reserved for its identity while players wait
 * @param gopCacheMaxBytes most bytes of media kept in one stream's GOP cache
 * @param gopCacheTotalBytes most bytes of media kept in the GOP caches of all streams together
 * @param maxStreams stream names (published or waited for) the server keeps at once
 * @param maxConnections connections the server accepts at once on all its listeners
 * @param maxConnectionsPerAddress connections one client address may have open at once (0: no
 *     limit)
 */
public record MediaLimits(
    int maxIncomingChunkSize,
    int maxMessageSize,
    int maxChunkStreams,
    int preAdmissionBytes,
    int outboundChunkSize,
    Duration handshakeTimeout,
    Duration startTimeout,
    int maxOutboundBytes,
    int subscriberQueueBytes,
    Duration slowSubscriberTimeout,
    Duration streamWaitTimeout,
    int gopCacheMaxBytes,
    long gopCacheTotalBytes,
    int maxStreams,
    int maxConnections,
    int maxConnectionsPerAddress) {

  /** The command line's defaults. */
  public static final MediaLimits DEFAULTS = builder().build();

  public MediaLimits {
    requirePositive("maxIncomingChunkSize", maxIncomingChunkSize);
    requirePositive("maxMessageSize", maxMessageSize);
    requirePositive("maxChunkStreams", maxChunkStreams);
    requirePositive("preAdmissionBytes", preAdmissionBytes);
    if (outboundChunkSize < 128 || outboundChunkSize > 0xFFFFFF) {
      throw new IllegalArgumentException(
          "outboundChunkSize must be between 128 and 16777215, was " + outboundChunkSize);
    }
    requirePositive("maxOutboundBytes", maxOutboundBytes);
    requirePositive("subscriberQueueBytes", subscriberQueueBytes);
    requirePositive("gopCacheMaxBytes", gopCacheMaxBytes);
    requirePositive("gopCacheTotalBytes", gopCacheTotalBytes);
    requirePositive("maxStreams", maxStreams);
    requirePositive("maxConnections", maxConnections);
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "maxConnectionsPerAddress must be 0 (no limit) or positive, was "
              + maxConnectionsPerAddress);
    }
  }

  /** Bytes a player's connection may have queued: its GOP start, its player queue and replies. */
  public long playerOutboundBytes() {
    return (long) maxOutboundBytes + subscriberQueueBytes + gopCacheMaxBytes;
  }

  /** What an admitted publisher's partial messages may hold at once: two whole messages. */
  public long admittedBufferBytes() {
    return 2L * maxMessageSize;
  }

  /** Limits starting at the defaults, to be changed where needed. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits, to derive others from them. */
  public Builder toBuilder() {
    return new Builder()
        .maxIncomingChunkSize(maxIncomingChunkSize)
        .maxMessageSize(maxMessageSize)
        .maxChunkStreams(maxChunkStreams)
        .preAdmissionBytes(preAdmissionBytes)
        .outboundChunkSize(outboundChunkSize)
        .handshakeTimeout(handshakeTimeout)
        .startTimeout(startTimeout)
        .maxOutboundBytes(maxOutboundBytes)
        .subscriberQueueBytes(subscriberQueueBytes)
        .slowSubscriberTimeout(slowSubscriberTimeout)
        .streamWaitTimeout(streamWaitTimeout)
        .gopCacheMaxBytes(gopCacheMaxBytes)
        .gopCacheTotalBytes(gopCacheTotalBytes)
        .maxStreams(maxStreams)
        .maxConnections(maxConnections)
        .maxConnectionsPerAddress(maxConnectionsPerAddress);
  }

  /** Builds {@link MediaLimits}; each bound starts at its default. */
  public static final class Builder {
    // nginx-rtmp's max_message default; a 1.5 Mbit/s publisher's keyframes are far smaller.
    private int maxIncomingChunkSize = 1 << 20;
    private int maxMessageSize = 1 << 20;
    private int maxChunkStreams = 32;
    // connect, createStream, publish or play are a few hundred bytes each
    private int preAdmissionBytes = 64 << 10;
    private int outboundChunkSize = 4096;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration startTimeout = Duration.ofSeconds(10);
    private int maxOutboundBytes = 1 << 20;
    private int subscriberQueueBytes = 2 << 20;
    private Duration slowSubscriberTimeout = Duration.ofSeconds(10);
    private Duration streamWaitTimeout = Duration.ofSeconds(10);
    // a 2 s GOP at 16 Mbit/s
    private int gopCacheMaxBytes = 4 << 20;
    private long gopCacheTotalBytes = 256L << 20;
    private int maxStreams = 1000;
    private int maxConnections = 20_000;
    private int maxConnectionsPerAddress = 500;

    private Builder() {}

    public Builder maxIncomingChunkSize(int bytes) {
      this.maxIncomingChunkSize = bytes;
      return this;
    }

    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder maxChunkStreams(int count) {
      this.maxChunkStreams = count;
      return this;
    }

    public Builder preAdmissionBytes(int bytes) {
      this.preAdmissionBytes = bytes;
      return this;
    }

    public Builder outboundChunkSize(int bytes) {
      this.outboundChunkSize = bytes;
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder maxOutboundBytes(int bytes) {
      this.maxOutboundBytes = bytes;
      return this;
    }

    public Builder subscriberQueueBytes(int bytes) {
      this.subscriberQueueBytes = bytes;
      return this;
    }

    public Builder slowSubscriberTimeout(Duration timeout) {
      this.slowSubscriberTimeout = timeout;
      return this;
    }

    public Builder streamWaitTimeout(Duration timeout) {
      this.streamWaitTimeout = timeout;
      return this;
    }

    public Builder gopCacheMaxBytes(int bytes) {
      this.gopCacheMaxBytes = bytes;
      return this;
    }

    public Builder gopCacheTotalBytes(long bytes) {
      this.gopCacheTotalBytes = bytes;
      return this;
    }

    public Builder maxStreams(int count) {
      this.maxStreams = count;
      return this;
    }

    public Builder maxConnections(int count) {
      this.maxConnections = count;
      return this;
    }

    /** 0: no limit. */
    public Builder maxConnectionsPerAddress(int count) {
      this.maxConnectionsPerAddress = count;
      return this;
    }

    public MediaLimits build() {
      return new MediaLimits(
          maxIncomingChunkSize,
          maxMessageSize,
          maxChunkStreams,
          preAdmissionBytes,
          outboundChunkSize,
          handshakeTimeout,
          startTimeout,
          maxOutboundBytes,
          subscriberQueueBytes,
          slowSubscriberTimeout,
          streamWaitTimeout,
          gopCacheMaxBytes,
          gopCacheTotalBytes,
          maxStreams,
          maxConnections,
          maxConnectionsPerAddress);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
