package io.streamcluster.media.http;

import java.time.Duration;

/**
 * The bounds of the HTTP listener on every client, in the style of Netty's {@code
 * HttpDecoderConfig}. A client that crosses one gets 400, 413 or 431 where an answer still makes
 * sense, or is disconnected; each is counted in {@code streamcluster_connections_refused_total}.
 *
 * @param maxRequestLineBytes longest request line (method, path and query, version)
 * @param maxHeaderBytes most bytes of all header lines together
 * @param maxBodyBytes largest request body (check-ins and API calls are a few KiB)
 * @param headerTimeout time a new connection has to send a whole request head (slowloris)
 * @param idleTimeout time a kept-alive connection may wait for its next request
 */
public record HttpLimits(
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxBodyBytes,
    Duration headerTimeout,
    Duration idleTimeout) {

  /** The command line's defaults. */
  public static final HttpLimits DEFAULTS = builder().build();

  public HttpLimits {
    requirePositive("maxRequestLineBytes", maxRequestLineBytes);
    requirePositive("maxHeaderBytes", maxHeaderBytes);
    requirePositive("maxBodyBytes", maxBodyBytes);
    requirePositive("headerTimeout", headerTimeout.toMillis());
    requirePositive("idleTimeout", idleTimeout.toMillis());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .maxRequestLineBytes(maxRequestLineBytes)
        .maxHeaderBytes(maxHeaderBytes)
        .maxBodyBytes(maxBodyBytes)
        .headerTimeout(headerTimeout)
        .idleTimeout(idleTimeout);
  }

  /** Builds {@link HttpLimits}; each bound starts at its default. */
  public static final class Builder {
    private int maxRequestLineBytes = 4096;
    private int maxHeaderBytes = 8192;
    private int maxBodyBytes = 256 * 1024;
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);

    private Builder() {}

    public Builder maxRequestLineBytes(int bytes) {
      this.maxRequestLineBytes = bytes;
      return this;
    }

    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = bytes;
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public HttpLimits build() {
      return new HttpLimits(
          maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, headerTimeout, idleTimeout);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
