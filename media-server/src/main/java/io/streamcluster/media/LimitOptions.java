package io.streamcluster.media;

import io.streamcluster.media.http.HttpLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags of every bound the server puts on its clients ({@link MediaLimits}, {@link
 * HttpLimits}); each also reads {@code STREAMCLUSTER_<FLAG>}. The defaults are the builders'.
 */
final class LimitOptions {

  @Option(
      names = "--max-connections",
      defaultValue = "${env:STREAMCLUSTER_MAX_CONNECTIONS:-20000}",
      description = "Connections on all listeners together. Default: ${DEFAULT-VALUE}")
  int maxConnections;

  @Option(
      names = "--max-connections-per-address",
      defaultValue = "${env:STREAMCLUSTER_MAX_CONNECTIONS_PER_ADDRESS:-500}",
      description =
          "Connections one client address may have open; 0: no limit. Default: ${DEFAULT-VALUE}")
  int maxConnectionsPerAddress;

  @Option(
      names = "--max-message-bytes",
      defaultValue = "${env:STREAMCLUSTER_MAX_MESSAGE_BYTES:-1048576}",
      description = "Largest RTMP message from a publisher or player. Default: ${DEFAULT-VALUE}")
  int maxMessageBytes;

  @Option(
      names = "--max-chunk-streams",
      defaultValue = "${env:STREAMCLUSTER_MAX_CHUNK_STREAMS:-32}",
      description = "RTMP chunk streams one connection may open. Default: ${DEFAULT-VALUE}")
  int maxChunkStreams;

  @Option(
      names = "--pre-admission-bytes",
      defaultValue = "${env:STREAMCLUSTER_PRE_ADMISSION_BYTES:-65536}",
      description =
          "What an RTMP peer may make the server buffer before its publish or play is accepted."
              + " Default: ${DEFAULT-VALUE}")
  int preAdmissionBytes;

  @Option(
      names = "--rtmp-handshake-timeout-seconds",
      defaultValue = "${env:STREAMCLUSTER_RTMP_HANDSHAKE_TIMEOUT_SECONDS:-10}",
      description = "Time to complete the RTMP handshake. Default: ${DEFAULT-VALUE}")
  int handshakeTimeoutSeconds;

  @Option(
      names = "--rtmp-start-timeout-seconds",
      defaultValue = "${env:STREAMCLUSTER_RTMP_START_TIMEOUT_SECONDS:-10}",
      description =
          "Time after the RTMP handshake to connect and ask to publish or play."
              + " Default: ${DEFAULT-VALUE}")
  int startTimeoutSeconds;

  @Option(
      names = "--max-outbound-bytes",
      defaultValue = "${env:STREAMCLUSTER_MAX_OUTBOUND_BYTES:-1048576}",
      description =
          "Bytes queued for a peer that does not read before it is disconnected (a player may"
              + " queue its GOP and --player-queue-bytes on top). Default: ${DEFAULT-VALUE}")
  int maxOutboundBytes;

  @Option(
      names = "--max-streams",
      defaultValue = "${env:STREAMCLUSTER_MAX_STREAMS:-1000}",
      description =
          "Stream names kept at once (published or waited for). Default: ${DEFAULT-VALUE}")
  int maxStreams;

  @Option(
      names = "--gop-cache-bytes",
      defaultValue = "${env:STREAMCLUSTER_GOP_CACHE_BYTES:-4194304}",
      description = "Media kept in one stream's GOP cache. Default: ${DEFAULT-VALUE}")
  int gopCacheBytes;

  @Option(
      names = "--gop-cache-total-bytes",
      defaultValue = "${env:STREAMCLUSTER_GOP_CACHE_TOTAL_BYTES:-268435456}",
      description = "Media kept in the GOP caches of all streams. Default: ${DEFAULT-VALUE}")
  long gopCacheTotalBytes;

  @Option(
      names = "--http-max-request-line-bytes",
      defaultValue = "${env:STREAMCLUSTER_HTTP_MAX_REQUEST_LINE_BYTES:-4096}",
      description = "Longest HTTP request line. Default: ${DEFAULT-VALUE}")
  int httpMaxRequestLineBytes;

  @Option(
      names = "--http-max-header-bytes",
      defaultValue = "${env:STREAMCLUSTER_HTTP_MAX_HEADER_BYTES:-8192}",
      description = "Most bytes of HTTP request headers. Default: ${DEFAULT-VALUE}")
  int httpMaxHeaderBytes;

  @Option(
      names = "--http-header-timeout-seconds",
      defaultValue = "${env:STREAMCLUSTER_HTTP_HEADER_TIMEOUT_SECONDS:-10}",
      description =
          "Time a new HTTP connection has to send a whole request head. Default: ${DEFAULT-VALUE}")
  int httpHeaderTimeoutSeconds;

  @Option(
      names = "--http-idle-timeout-seconds",
      defaultValue = "${env:STREAMCLUSTER_HTTP_IDLE_TIMEOUT_SECONDS:-30}",
      description =
          "Time a kept-alive HTTP connection may wait for its next request."
              + " Default: ${DEFAULT-VALUE}")
  int httpIdleTimeoutSeconds;

  /** These bounds over {@code base} (which holds the bounds with flags elsewhere). */
  MediaLimits.Builder applyTo(MediaLimits.Builder base) {
    return base.maxConnections(maxConnections)
        .maxConnectionsPerAddress(maxConnectionsPerAddress)
        .maxMessageSize(maxMessageBytes)
        .maxChunkStreams(maxChunkStreams)
        .preAdmissionBytes(preAdmissionBytes)
        .handshakeTimeout(Duration.ofSeconds(handshakeTimeoutSeconds))
        .startTimeout(Duration.ofSeconds(startTimeoutSeconds))
        .maxOutboundBytes(maxOutboundBytes)
        .maxStreams(maxStreams)
        .gopCacheMaxBytes(gopCacheBytes)
        .gopCacheTotalBytes(gopCacheTotalBytes);
  }

  HttpLimits httpLimits() {
    return HttpLimits.builder()
        .maxRequestLineBytes(httpMaxRequestLineBytes)
        .maxHeaderBytes(httpMaxHeaderBytes)
        .headerTimeout(Duration.ofSeconds(httpHeaderTimeoutSeconds))
        .idleTimeout(Duration.ofSeconds(httpIdleTimeoutSeconds))
        .build();
  }
}
