package io.streamcluster.media;

import io.streamcluster.media.auth.PublishTokens;
import io.streamcluster.media.clusterapi.ClusterSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The media server's command-line flags, shared by every role. Each also reads an environment
 * variable {@code STREAMCLUSTER_<FLAG>}, which is how the operator configures pods.
 */
final class ServerOptions {

  @Option(
      names = "--rtmp-port",
      defaultValue = "${env:STREAMCLUSTER_RTMP_PORT:-" + ClusterDefaults.RTMP_PORT + "}",
      description = "RTMP port (publish and play). Default: ${DEFAULT-VALUE}")
  int rtmpPort;

  @Option(
      names = "--http-port",
      defaultValue = "${env:STREAMCLUSTER_HTTP_PORT:-" + ClusterDefaults.HTTP_PORT + "}",
      description =
          "HTTP port (HTTP-FLV, cluster API, /metrics, /healthz). Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--bind",
      defaultValue = "${env:STREAMCLUSTER_BIND:-0.0.0.0}",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}")
  String bind;

  @Option(
      names = "--origins",
      split = ",",
      defaultValue = "${env:STREAMCLUSTER_ORIGINS:-}",
      description = "Edge: the origins to check in with and pull from. host:httpPort[,...]")
  List<String> origins;

  @Option(
      names = "--peers",
      split = ",",
      defaultValue = "${env:STREAMCLUSTER_PEERS:-}",
      description =
          "Origin: the other origins of the cluster, asked before a publisher is accepted so that"
              + " a name is live on one origin at a time. host:httpPort[,...]")
  List<String> peers;

  @Option(
      names = "--advertise-host",
      defaultValue = "${env:STREAMCLUSTER_ADVERTISE_HOST:-127.0.0.1}",
      description = "The address players use to reach this server. Default: ${DEFAULT-VALUE}")
  String advertiseHost;

  @Option(
      names = "--advertise-host-file",
      defaultValue = "${env:STREAMCLUSTER_ADVERTISE_HOST_FILE}",
      description =
          "Edge: a file holding the address players use to reach it, read again before each"
              + " check-in (in Kubernetes a downward-API volume the operator fills); the edge stays"
              + " out of the rotation while the file is empty. Overrides --advertise-host")
  Path advertiseHostFile;

  @Option(
      names = "--max-subscribers",
      defaultValue =
          "${env:STREAMCLUSTER_MAX_SUBSCRIBERS:-" + ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE + "}",
      description = "Players this server accepts at most. Default: ${DEFAULT-VALUE}")
  int maxSubscribers;

  @Option(
      names = "--cluster-secret-file",
      defaultValue = "${env:STREAMCLUSTER_CLUSTER_SECRET_FILE}",
      description = "File holding the secret that authenticates edge check-ins")
  Path clusterSecretFile;

  @Option(
      names = "--publish-secret-file",
      defaultValue = "${env:STREAMCLUSTER_PUBLISH_SECRET_FILE}",
      description =
          "File holding the secret publish tokens are signed with; publishing then"
              + " requires a token")
  Path publishSecretFile;

  @Option(
      names = "--stream-wait-seconds",
      defaultValue = "${env:STREAMCLUSTER_STREAM_WAIT_SECONDS:-10}",
      description =
          "How long a player waits for a stream with no publisher. Default: ${DEFAULT-VALUE}")
  int streamWaitSeconds;

  @Option(
      names = "--player-queue-bytes",
      defaultValue = "${env:STREAMCLUSTER_PLAYER_QUEUE_BYTES:-2097152}",
      description =
          "Bytes queued for one player before it skips to the next keyframe. Default: ${DEFAULT-VALUE}")
  int playerQueueBytes;

  @Option(
      names = "--slow-player-seconds",
      defaultValue = "${env:STREAMCLUSTER_SLOW_PLAYER_SECONDS:-10}",
      description =
          "How long a player may stay behind before it is disconnected. Default: ${DEFAULT-VALUE}")
  int slowPlayerSeconds;

  @Option(
      names = "--fan-out-interval-ms",
      defaultValue = "${env:STREAMCLUSTER_FAN_OUT_INTERVAL_MS:-100}",
      description =
          "Frames are handed to players in batches at most this often (fewer, larger"
              + " writes). Default: ${DEFAULT-VALUE}")
  int fanOutIntervalMillis;

  @Option(
      names = "--edge-id",
      defaultValue = "${env:STREAMCLUSTER_EDGE_ID:-${env:HOSTNAME:-}}",
      description = "Edge: its id in check-ins. Default: the pod/host name")
  String edgeId;

  @Option(
      names = "--check-in-interval-ms",
      defaultValue =
          "${env:STREAMCLUSTER_CHECK_IN_INTERVAL_MS:-"
              + ClusterDefaults.CHECK_IN_INTERVAL_MILLIS
              + "}",
      description = "Edge: how often it checks in with each origin. Default: ${DEFAULT-VALUE}")
  int checkInIntervalMillis;

  @Option(
      names = "--edge-ttl-seconds",
      defaultValue =
          "${env:STREAMCLUSTER_EDGE_TTL_SECONDS:-" + ClusterDefaults.EDGE_TTL_SECONDS + "}",
      description =
          "Origin: an edge silent this long leaves the rotation. Default: ${DEFAULT-VALUE}")
  int edgeTtlSeconds;

  @Option(
      names = "--drain-timeout-seconds",
      defaultValue =
          "${env:STREAMCLUSTER_DRAIN_TIMEOUT_SECONDS:-"
              + ClusterDefaults.DRAIN_TIMEOUT_SECONDS
              + "}",
      description =
          "Edge: how long a draining edge waits for its players to leave. Default: ${DEFAULT-VALUE}")
  int drainTimeoutSeconds;

  @Option(
      names = "--upstream-grace-seconds",
      defaultValue =
          "${env:STREAMCLUSTER_UPSTREAM_GRACE_SECONDS:-"
              + ClusterDefaults.UPSTREAM_GRACE_SECONDS
              + "}",
      description =
          "Edge: how long it keeps pulling a stream nobody plays. Default: ${DEFAULT-VALUE}")
  int upstreamGraceSeconds;

  @Option(
      names = "--io-threads",
      defaultValue = "${env:STREAMCLUSTER_IO_THREADS:-0}",
      description = "I/O threads; 0 is twice the cores. Default: ${DEFAULT-VALUE}")
  int ioThreads;

  MediaServerConfig toConfig(Role role) throws IOException {
    MediaServerConfig.Builder config =
        MediaServerConfig.builder(role)
            .bind(bind)
            .rtmpPort(rtmpPort)
            .httpPort(httpPort)
            .eventLoopThreads(ioThreads)
            .maxSubscribers(maxSubscribers)
            .limits(
                MediaLimits.builder()
                    .streamWaitTimeout(Duration.ofSeconds(streamWaitSeconds))
                    .subscriberQueueBytes(playerQueueBytes)
                    .slowSubscriberTimeout(Duration.ofSeconds(slowPlayerSeconds))
                    .build())
            .fanOutInterval(Duration.ofMillis(fanOutIntervalMillis))
            .drainTimeout(Duration.ofSeconds(drainTimeoutSeconds))
            .peers(nonBlank(peers))
            .edgeTtl(Duration.ofSeconds(edgeTtlSeconds))
            .edgeId(edgeId)
            .origins(nonBlank(origins))
            .advertiseHost(advertiseHost)
            .advertiseHostFile(advertiseHostFile)
            .checkInInterval(Duration.ofMillis(checkInIntervalMillis))
            .upstreamGrace(Duration.ofSeconds(upstreamGraceSeconds));
    if (publishSecretFile != null) {
      config.publishTokens(new PublishTokens(readSecret(publishSecretFile), Clock.systemUTC()));
    }
    if (clusterSecretFile != null) {
      config.clusterSecret(new ClusterSecret(readSecret(clusterSecretFile), Clock.systemUTC()));
    }
    return config.build();
  }

  private static List<String> nonBlank(List<String> addresses) {
    return addresses == null ? List.of() : addresses.stream().filter(a -> !a.isBlank()).toList();
  }

  /** Reads a secret file; the secret's value never reaches a log or an error message. */
  static byte[] readSecret(Path file) throws IOException {
    byte[] secret =
        Files.readString(file).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (secret.length == 0) {
      throw new IOException("secret file " + file + " is empty");
    }
    return secret;
  }
}
