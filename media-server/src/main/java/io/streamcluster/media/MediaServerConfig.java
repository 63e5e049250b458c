package io.streamcluster.media;

import io.streamcluster.media.auth.PublishTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a media server process is started with, read once from the command line.
 *
 * @param role origin, edge or standalone
 * @param bind the address to listen on
 * @param rtmpPort RTMP port (0: any free port)
 * @param httpPort HTTP port (0: any free port)
 * @param origins the origins an edge checks in with and pulls from ({@code host:httpPort})
 * @param advertiseHost the address players use to reach this server
 * @param maxSubscribers players this server accepts at most
 * @param publishTokens when present, publishing requires a valid token
 * @param limits bounds on every peer
 * @param fanOutInterval how often, at most, frames are handed to players in one batch
 * @param eventLoopThreads I/O threads (0: Netty's default, twice the cores)
 * @param cluster the server's part in the cluster (check-ins, draining, secrets)
 */
public record MediaServerConfig(
    Role role,
    String bind,
    int rtmpPort,
    int httpPort,
    List<String> origins,
    String advertiseHost,
    int maxSubscribers,
    Optional<PublishTokens> publishTokens,
    MediaLimits limits,
    Duration fanOutInterval,
    int eventLoopThreads,
    ClusterConfig cluster) {

  public static final Duration DEFAULT_FAN_OUT_INTERVAL = Duration.ofMillis(100);

  /** A standalone server on loopback with any free ports, for tests and embedding. */
  public static MediaServerConfig loopback() {
    return new MediaServerConfig(
        Role.STANDALONE,
        "127.0.0.1",
        0,
        0,
        List.of(),
        "127.0.0.1",
        10_000,
        Optional.empty(),
        MediaLimits.DEFAULTS,
        DEFAULT_FAN_OUT_INTERVAL,
        0,
        ClusterConfig.defaults("edge-local"));
  }

  public MediaServerConfig withPublishTokens(PublishTokens tokens) {
    return new MediaServerConfig(
        role,
        bind,
        rtmpPort,
        httpPort,
        origins,
        advertiseHost,
        maxSubscribers,
        Optional.of(tokens),
        limits,
        fanOutInterval,
        eventLoopThreads,
        cluster);
  }

  /** The same server in another role, with other origins (an edge's origins, an origin's peers). */
  public MediaServerConfig as(Role newRole, List<String> newOrigins, ClusterConfig newCluster) {
    return new MediaServerConfig(
        newRole,
        bind,
        rtmpPort,
        httpPort,
        List.copyOf(newOrigins),
        advertiseHost,
        maxSubscribers,
        publishTokens,
        limits,
        fanOutInterval,
        eventLoopThreads,
        newCluster);
  }

  public MediaServerConfig withMaxSubscribers(int max) {
    return new MediaServerConfig(
        role,
        bind,
        rtmpPort,
        httpPort,
        origins,
        advertiseHost,
        max,
        publishTokens,
        limits,
        fanOutInterval,
        eventLoopThreads,
        cluster);
  }

  public MediaServerConfig withLimits(MediaLimits newLimits) {
    return new MediaServerConfig(
        role,
        bind,
        rtmpPort,
        httpPort,
        origins,
        advertiseHost,
        maxSubscribers,
        publishTokens,
        newLimits,
        fanOutInterval,
        eventLoopThreads,
        cluster);
  }
}
