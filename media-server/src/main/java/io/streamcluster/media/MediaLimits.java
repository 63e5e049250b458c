package io.streamcluster.media;

import java.time.Duration;

/**
 * Every bound the media server puts on a peer, in one place (in the style of Netty's {@code
 * HttpDecoderConfig}). A peer that crosses one is disconnected with a log line naming the limit;
 * nobody else is affected.
 *
 * @param maxIncomingChunkSize largest chunk size a peer may announce with Set Chunk Size
 * @param maxMessageSize largest RTMP message (or FLV tag body) accepted from a peer
 * @param maxChunkStreams chunk streams one connection may have open at once
 * @param outboundChunkSize chunk size used for everything this server sends
 * @param handshakeTimeout time a peer has to complete the RTMP handshake
 * @param subscriberQueueBytes bytes queued for one player before it counts as slow (the channel's
 *     high write water mark; the low mark is half of it)
 * @param slowSubscriberTimeout how long a player may stay slow (skipping frames) before it is
 *     disconnected
 * @param streamWaitTimeout how long a player waits for a stream that has no publisher (not yet, or
 *     not any more) before it is told the stream is not found
 * @param gopCacheMaxBytes most bytes of media kept in one stream's GOP cache
 */
public record MediaLimits(
    int maxIncomingChunkSize,
    int maxMessageSize,
    int maxChunkStreams,
    int outboundChunkSize,
    Duration handshakeTimeout,
    int subscriberQueueBytes,
    Duration slowSubscriberTimeout,
    Duration streamWaitTimeout,
    int gopCacheMaxBytes) {

  /** The command line's defaults. */
  public static final MediaLimits DEFAULTS = builder().build();

  public MediaLimits {
    requirePositive("maxIncomingChunkSize", maxIncomingChunkSize);
    requirePositive("maxMessageSize", maxMessageSize);
    requirePositive("maxChunkStreams", maxChunkStreams);
    if (outboundChunkSize < 128 || outboundChunkSize > 0xFFFFFF) {
      throw new IllegalArgumentException(
          "outboundChunkSize must be between 128 and 16777215, was " + outboundChunkSize);
    }
    requirePositive("subscriberQueueBytes", subscriberQueueBytes);
    requirePositive("gopCacheMaxBytes", gopCacheMaxBytes);
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
        .outboundChunkSize(outboundChunkSize)
        .handshakeTimeout(handshakeTimeout)
        .subscriberQueueBytes(subscriberQueueBytes)
        .slowSubscriberTimeout(slowSubscriberTimeout)
        .streamWaitTimeout(streamWaitTimeout)
        .gopCacheMaxBytes(gopCacheMaxBytes);
  }

  /** Builds {@link MediaLimits}; each bound starts at its default. */
  public static final class Builder {
    private int maxIncomingChunkSize = 1 << 20;
    private int maxMessageSize = 16 << 20;
    private int maxChunkStreams = 64;
    private int outboundChunkSize = 4096;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int subscriberQueueBytes = 2 << 20;
    private Duration slowSubscriberTimeout = Duration.ofSeconds(10);
    private Duration streamWaitTimeout = Duration.ofSeconds(10);
    private int gopCacheMaxBytes = 16 << 20;

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

    public Builder outboundChunkSize(int bytes) {
      this.outboundChunkSize = bytes;
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
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

    public MediaLimits build() {
      return new MediaLimits(
          maxIncomingChunkSize,
          maxMessageSize,
          maxChunkStreams,
          outboundChunkSize,
          handshakeTimeout,
          subscriberQueueBytes,
          slowSubscriberTimeout,
          streamWaitTimeout,
          gopCacheMaxBytes);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
