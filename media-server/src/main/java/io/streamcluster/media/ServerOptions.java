package io.streamcluster.media;

import io.streamcluster.media.auth.MountedSecrets;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.OriginTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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
          "HTTP port, public (HTTP-FLV, /cluster, /api/v1/edges/next, /healthz, /readyz)."
              + " Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--internal-port",
      defaultValue = "${env:STREAMCLUSTER_INTERNAL_PORT:-" + ClusterDefaults.INTERNAL_PORT + "}",
      description =
          "Internal port, not for the public: /metrics and the cluster API between origins, edges"
              + " and the operator; TLS when TLS is configured. Default: ${DEFAULT-VALUE}")
  int internalPort;

  @Option(
      names = "--tls-cert-file",
      defaultValue = "${env:STREAMCLUSTER_TLS_CERT_FILE}",
      description =
          "PEM certificate (then its chain): turns on RTMPS, HTTPS and TLS on the internal port;"
              + " re-read when it changes")
  Path tlsCertFile;

  @Option(
      names = "--tls-key-file",
      defaultValue = "${env:STREAMCLUSTER_TLS_KEY_FILE}",
      description = "PEM private key of --tls-cert-file (PKCS#8, PKCS#1 or SEC1)")
  Path tlsKeyFile;

  @Option(
      names = "--rtmps-port",
      defaultValue = "${env:STREAMCLUSTER_RTMPS_PORT:-" + ClusterDefaults.RTMPS_PORT + "}",
      description = "RTMPS port (with TLS). Default: ${DEFAULT-VALUE}")
  int rtmpsPort;

  @Option(
      names = "--https-port",
      defaultValue = "${env:STREAMCLUSTER_HTTPS_PORT:-" + ClusterDefaults.HTTPS_PORT + "}",
      description = "HTTPS port (with TLS): what the HTTP port serves. Default: ${DEFAULT-VALUE}")
  int httpsPort;

  @Option(
      names = "--origin-ca-file",
      defaultValue = "${env:STREAMCLUSTER_ORIGIN_CA_FILE}",
      description =
          "Edge and origin: PEM CAs that origins' certificates must chain to when calling their"
              + " cluster API over TLS (default: the system trust store)")
  Path originCaFile;

  @Option(
      names = "--origin-tls-name",
      defaultValue = "${env:STREAMCLUSTER_ORIGIN_TLS_NAME}",
      description =
          "Edge and origin: the name origins' certificates must carry, when --origins/--peers"
              + " dial an address the certificate does not name (default: the host dialled)")
  String originTlsName;

  @Option(
      names = "--insecure-cluster-api",
      defaultValue = "${env:STREAMCLUSTER_INSECURE_CLUSTER_API:-false}",
      description =
          "Run an origin's or edge's cluster API without --cluster-secret-file: anyone who reaches"
              + " the internal port can check in, drain and read the cluster. Local use only")
  boolean insecureClusterApi;

  @Option(
      names = "--bind",
      defaultValue = "${env:STREAMCLUSTER_BIND:-0.0.0.0}",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}")
  String bind;

  @Option(
      names = "--origins",
      split = ",",
      defaultValue = "${env:STREAMCLUSTER_ORIGINS:-}",
      description =
          "Edge: the origins to check in with and pull from: their internal port,"
              + " host:internalPort[,...]")
  List<String> origins;

  @Option(
      names = "--peers",
      split = ",",
      defaultValue = "${env:STREAMCLUSTER_PEERS:-}",
      description =
          "Origin: the other origins of the cluster, asked before a publisher is accepted so that"
              + " a name is live on one origin at a time. host:internalPort[,...]")
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
      description =
          "File holding the secret that signs the cluster API (check-ins, drains, lookups, the"
              + " cluster view, and the replies); several lines during a rotation: the first"
              + " signs, any verifies")
  Path clusterSecretFile;

  @Option(
      names = "--publish-secret-file",
      defaultValue = "${env:STREAMCLUSTER_PUBLISH_SECRET_FILE}",
      description =
          "File holding the secret(s) publish tokens are signed with (one per line, the first"
              + " signing); publishing then requires a token")
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
      names = "--transport",
      defaultValue = "${env:STREAMCLUSTER_TRANSPORT:-auto}",
      converter = TransportChoiceConverter.class,
      description =
          "How sockets are driven: auto, io_uring, epoll or nio. One that is unavailable here"
              + " falls back to the next (io_uring, epoll, nio); the log says which runs."
              + " Default: ${DEFAULT-VALUE}")
  TransportChoice transport;

  /** Reads {@code --transport} in any case. */
  static final class TransportChoiceConverter implements ITypeConverter<TransportChoice> {
    @Override
    public TransportChoice convert(String value) {
      try {
        return TransportChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

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

  @Mixin LimitOptions limitOptions = new LimitOptions();

  @Mixin AccessOptions accessOptions = new AccessOptions();

  MediaServerConfig toConfig(Role role) throws IOException {
    MediaServerConfig.Builder config =
        MediaServerConfig.builder(role)
            .bind(bind)
            .rtmpPort(rtmpPort)
            .httpPort(httpPort)
            .eventLoopThreads(ioThreads)
            .maxSubscribers(maxSubscribers)
            .limits(
                limitOptions
                    .applyTo(MediaLimits.builder())
                    .streamWaitTimeout(Duration.ofSeconds(streamWaitSeconds))
                    .subscriberQueueBytes(playerQueueBytes)
                    .slowSubscriberTimeout(Duration.ofSeconds(slowPlayerSeconds))
                    .build())
            .httpLimits(limitOptions.httpLimits())
            .fanOutInterval(Duration.ofMillis(fanOutIntervalMillis))
            .transport(transport)
            .drainTimeout(Duration.ofSeconds(drainTimeoutSeconds))
            .peers(nonBlank(peers))
            .edgeTtl(Duration.ofSeconds(edgeTtlSeconds))
            .edgeId(edgeId)
            .origins(nonBlank(origins))
            .advertiseHost(advertiseHost)
            .advertiseHostFile(advertiseHostFile)
            .checkInInterval(Duration.ofMillis(checkInIntervalMillis))
            .upstreamGrace(Duration.ofSeconds(upstreamGraceSeconds))
            .internalPort(internalPort)
            .insecureClusterApi(insecureClusterApi);
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new IOException("TLS needs both --tls-cert-file and --tls-key-file");
    }
    if (tlsCertFile != null) {
      config.tls(tlsCertFile, tlsKeyFile).tlsPorts(rtmpsPort, httpsPort);
    }
    // Origins and edges of one cluster share their TLS (in Kubernetes, one Secret): a server with
    // TLS calls the origins' internal port over TLS, as does one told how to verify them.
    if (tlsCertFile != null || originCaFile != null || originTlsName != null) {
      config.originTls(
          new OriginTls(Optional.ofNullable(originCaFile), Optional.ofNullable(originTlsName)));
    }
    if (publishSecretFile != null) {
      MountedSecrets secrets = MountedSecrets.read("publish tokens", publishSecretFile);
      config
          .publishTokens(new StreamTokens(StreamTokens.Purpose.PUBLISH, secrets, Clock.systemUTC()))
          .reloading(secrets);
    }
    accessOptions.applyTo(config);
    if (clusterSecretFile != null) {
      MountedSecrets secrets = MountedSecrets.read("the cluster API", clusterSecretFile);
      config.clusterSecret(new ClusterSecret(secrets, Clock.systemUTC())).reloading(secrets);
    }
    return config.build();
  }

  private static List<String> nonBlank(List<String> addresses) {
    return addresses == null ? List.of() : addresses.stream().filter(a -> !a.isBlank()).toList();
  }
}
