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

  public static final MediaLimits DEFAULTS =
      new MediaLimits(
          1 << 20,
          16 << 20,
          64,
          4096,
          Duration.ofSeconds(10),
          2 << 20,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          16 << 20);

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

  public MediaLimits withStreamWaitTimeout(Duration timeout) {
    return new MediaLimits(
        maxIncomingChunkSize,
        maxMessageSize,
        maxChunkStreams,
        outboundChunkSize,
        handshakeTimeout,
        subscriberQueueBytes,
        slowSubscriberTimeout,
        timeout,
        gopCacheMaxBytes);
  }

  public MediaLimits withSubscriberQueue(int queueBytes, Duration slowTimeout) {
    return new MediaLimits(
        maxIncomingChunkSize,
        maxMessageSize,
        maxChunkStreams,
        outboundChunkSize,
        handshakeTimeout,
        queueBytes,
        slowTimeout,
        streamWaitTimeout,
        gopCacheMaxBytes);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
