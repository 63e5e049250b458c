package io.streamcluster.media;

import io.streamcluster.media.auth.AccessWebhook;
import io.streamcluster.media.auth.MountedSecrets;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.media.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a media server is started with, read once: from the command line ({@code
 * ServerOptions}) or from a program that embeds servers (tests, the operator's local mode). Made
 * with {@link #builder(Role)}, which starts from the command line's defaults.
 *
 * @param role origin, edge or standalone
 * @param bind the address to listen on
 * @param rtmpPort RTMP port (0: any free port)
 * @param httpPort HTTP port (0: any free port)
 * @param eventLoopThreads I/O threads (0: Netty's default, twice the cores)
 * @param maxSubscribers players this server accepts at most
 * @param publishTokens when present, publishing requires a valid token
 * @param publishWebhook when present, asked before a publisher is accepted
 * @param playTokens when present, playing requires a valid play token
 * @param playWebhook when present, asked before a player is accepted
 * @param limits bounds on every peer
 * @param httpLimits bounds on every HTTP client
 * @param fanOutInterval how often, at most, frames are handed to players in one batch
 * @param transport how sockets are driven (io_uring, epoll, NIO, or the best available)
 * @param drainTimeout how long a draining server waits for its players to leave
 * @param clusterSecret signs the cluster API's calls and replies and authenticates them; an origin
 *     or edge refuses to start without it unless {@code insecureClusterApi}
 * @param origin what only an origin uses
 * @param edge what only an edge uses
 * @param internalPort the internal port: {@code /metrics} and the cluster API (0: any free port)
 * @param tls when present, RTMPS and HTTPS listeners, and TLS on the internal port
 * @param originTls when present, origins' cluster API is called over TLS, verified so
 * @param insecureClusterApi lets an origin or edge run its cluster API without a secret (local use
 *     only)
 * @param reloadedSecrets the secret files the tokens and the cluster secret above read, looked at
 *     while the server runs so that a rotation needs no restart
 */
public record MediaServerConfig(
    Role role,
    String bind,
    int rtmpPort,
    int httpPort,
    int eventLoopThreads,
    int maxSubscribers,
    Optional<StreamTokens> publishTokens,
    Optional<AccessWebhook> publishWebhook,
    Optional<StreamTokens> playTokens,
    Optional<AccessWebhook> playWebhook,
    MediaLimits limits,
    HttpLimits httpLimits,
    Duration fanOutInterval,
    TransportChoice transport,
    Duration drainTimeout,
    Optional<ClusterSecret> clusterSecret,
    OriginOptions origin,
    EdgeOptions edge,
    int internalPort,
    Optional<TlsOptions> tls,
    Optional<OriginTls> originTls,
    boolean insecureClusterApi,
    List<MountedSecrets> reloadedSecrets) {

  public static final Duration DEFAULT_FAN_OUT_INTERVAL = Duration.ofMillis(100);

  public MediaServerConfig {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(originTls, "originTls");
    reloadedSecrets = List.copyOf(reloadedSecrets);
  }

  /** Whether this server's role needs the cluster secret: origins and edges do. */
  public boolean servesClusterApi() {
    return role == Role.ORIGIN || role == Role.EDGE;
  }

  /** A server in {@code role} with the command line's defaults, to be changed where needed. */
  public static Builder builder(Role role) {
    return new Builder(role);
  }

  /** A builder holding this configuration, to derive another from it. */
  public Builder toBuilder() {
    Builder builder =
        new Builder(role)
            .bind(bind)
            .rtmpPort(rtmpPort)
            .httpPort(httpPort)
            .eventLoopThreads(eventLoopThreads)
            .maxSubscribers(maxSubscribers)
            .limits(limits)
            .httpLimits(httpLimits)
            .fanOutInterval(fanOutInterval)
            .transport(transport)
            .drainTimeout(drainTimeout)
            .peers(origin.peers())
            .edgeTtl(origin.edgeTtl())
            .edgeId(edge.id())
            .origins(edge.origins())
            .advertiseHost(edge.advertiseHost())
            .checkInInterval(edge.checkInInterval())
            .upstreamGrace(edge.upstreamGrace())
            .internalPort(internalPort)
            .insecureClusterApi(insecureClusterApi)
            .advertiseHostFile(edge.advertiseHostFile().orElse(null));
    builder.publishTokens = publishTokens.orElse(null);
    builder.publishWebhook = publishWebhook.orElse(null);
    builder.playTokens = playTokens.orElse(null);
    builder.playWebhook = playWebhook.orElse(null);
    builder.clusterSecret = clusterSecret.orElse(null);
    builder.tls = tls.orElse(null);
    builder.originTls = originTls.orElse(null);
    builder.reloadedSecrets.addAll(reloadedSecrets);
    return builder;
  }

  /**
   * Builds a {@link MediaServerConfig}. Each setting starts at the command line's default (those
   * shared with the operator from {@link ClusterDefaults}); role options set for another role are
   * kept and unused.
   */
  public static final class Builder {
    private final Role role;
    private String bind = "0.0.0.0";
    private int rtmpPort = ClusterDefaults.RTMP_PORT;
    private int httpPort = ClusterDefaults.HTTP_PORT;
    private int eventLoopThreads;
    private int maxSubscribers = ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE;
    private StreamTokens publishTokens;
    private AccessWebhook publishWebhook;
    private StreamTokens playTokens;
    private AccessWebhook playWebhook;
    private MediaLimits limits = MediaLimits.DEFAULTS;
    private HttpLimits httpLimits = HttpLimits.DEFAULTS;
    private Duration fanOutInterval = DEFAULT_FAN_OUT_INTERVAL;
    private TransportChoice transport = TransportChoice.AUTO;
    private Duration drainTimeout = Duration.ofSeconds(ClusterDefaults.DRAIN_TIMEOUT_SECONDS);
    private ClusterSecret clusterSecret;
    private List<String> peers = List.of();
    private Duration edgeTtl = Duration.ofSeconds(ClusterDefaults.EDGE_TTL_SECONDS);
    private String edgeId;
    private List<String> origins = List.of();
    private String advertiseHost = "127.0.0.1";
    private Duration checkInInterval = Duration.ofMillis(ClusterDefaults.CHECK_IN_INTERVAL_MILLIS);
    private Duration upstreamGrace = Duration.ofSeconds(ClusterDefaults.UPSTREAM_GRACE_SECONDS);
    private int internalPort = ClusterDefaults.INTERNAL_PORT;
    private TlsOptions tls;
    private OriginTls originTls;
    private boolean insecureClusterApi;
    private Path advertiseHostFile;
    private final List<MountedSecrets> reloadedSecrets = new ArrayList<>();

    private Builder(Role role) {
      this.role = Objects.requireNonNull(role, "role");
    }

    /** The address to listen on; default every address, {@code 0.0.0.0}. */
    public Builder bind(String address) {
      this.bind = address;
      return this;
    }

    /** 0: any free port. */
    public Builder rtmpPort(int port) {
      this.rtmpPort = port;
      return this;
    }

    /** 0: any free port. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** 0 (the default): twice the cores. */
    public Builder eventLoopThreads(int threads) {
      this.eventLoopThreads = threads;
      return this;
    }

    public Builder maxSubscribers(int max) {
      this.maxSubscribers = max;
      return this;
    }

    /** Publishing then requires a valid token. */
    public Builder publishTokens(StreamTokens tokens) {
      if (tokens != null && tokens.purpose() != StreamTokens.Purpose.PUBLISH) {
        throw new IllegalArgumentException("play tokens given as publish tokens");
      }
      this.publishTokens = tokens;
      return this;
    }

    /** Asked before a publisher is accepted. */
    public Builder publishWebhook(AccessWebhook webhook) {
      this.publishWebhook = webhook;
      return this;
    }

    /** Playing then requires a valid play token. */
    public Builder playTokens(StreamTokens tokens) {
      if (tokens != null && tokens.purpose() != StreamTokens.Purpose.PLAY) {
        throw new IllegalArgumentException("publish tokens given as play tokens");
      }
      this.playTokens = tokens;
      return this;
    }

    /** Asked before a player is accepted. */
    public Builder playWebhook(AccessWebhook webhook) {
      this.playWebhook = webhook;
      return this;
    }

    public Builder limits(MediaLimits newLimits) {
      this.limits = newLimits;
      return this;
    }

    public Builder httpLimits(HttpLimits newLimits) {
      this.httpLimits = newLimits;
      return this;
    }

    public Builder fanOutInterval(Duration interval) {
      this.fanOutInterval = interval;
      return this;
    }

    /** The transport to drive sockets with; default {@code auto}. */
    public Builder transport(TransportChoice choice) {
      this.transport = choice;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    /** Signs (edge) and authenticates (origin) the cluster API's calls. */
    public Builder clusterSecret(ClusterSecret secret) {
      this.clusterSecret = secret;
      return this;
    }

    /** Origin: the other origins, {@code host:internalPort}. */
    public Builder peers(List<String> otherOrigins) {
      this.peers = otherOrigins;
      return this;
    }

    /** Origin: how long a silent edge stays in the rotation. */
    public Builder edgeTtl(Duration ttl) {
      this.edgeTtl = ttl;
      return this;
    }

    /** Edge: its id in check-ins; when null or blank, {@code <advertiseHost>-<rtmpPort>}. */
    public Builder edgeId(String id) {
      this.edgeId = id;
      return this;
    }

    /** Edge: the origins to check in with and pull from, {@code host:internalPort}. */
    public Builder origins(List<String> upstreamOrigins) {
      this.origins = upstreamOrigins;
      return this;
    }

    /** Edge: the address the origins hand out for it; default {@code 127.0.0.1}. */
    public Builder advertiseHost(String host) {
      this.advertiseHost = host;
      return this;
    }

    /** Edge: how often it checks in with each origin. */
    public Builder checkInInterval(Duration interval) {
      this.checkInInterval = interval;
      return this;
    }

    /** Edge: how long it keeps pulling a stream nobody plays. */
    public Builder upstreamGrace(Duration grace) {
      this.upstreamGrace = grace;
      return this;
    }

    /** 0: any free port. */
    public Builder internalPort(int port) {
      this.internalPort = port;
      return this;
    }

    /**
     * RTMPS and HTTPS with this certificate (PEM files, re-read when they change), on the default
     * ports until {@link #tlsPorts} says otherwise; the internal port speaks TLS too.
     */
    public Builder tls(Path certificateFile, Path keyFile) {
      this.tls =
          new TlsOptions(
              certificateFile,
              keyFile,
              ClusterDefaults.RTMPS_PORT,
              ClusterDefaults.HTTPS_PORT,
              TlsOptions.DEFAULT_RELOAD_INTERVAL);
      return this;
    }

    /** With {@link #tls}: its ports (0: any free port). */
    public Builder tlsPorts(int rtmpsPort, int httpsPort) {
      this.tls =
          new TlsOptions(
              requireTls().certificateFile(),
              tls.keyFile(),
              rtmpsPort,
              httpsPort,
              tls.reloadInterval());
      return this;
    }

    /** With {@link #tls}: how often the files are looked at for a renewed certificate. */
    public Builder tlsReloadInterval(Duration interval) {
      this.tls =
          new TlsOptions(
              requireTls().certificateFile(),
              tls.keyFile(),
              tls.rtmpsPort(),
              tls.httpsPort(),
              interval);
      return this;
    }

    private TlsOptions requireTls() {
      if (tls == null) {
        throw new IllegalStateException("set tls(certificate, key) first");
      }
      return tls;
    }

    /** Calls origins' cluster API over TLS, verified as {@code originTls} says. */
    public Builder originTls(OriginTls originTls) {
      this.originTls = originTls;
      return this;
    }

    /** Lets an origin or edge run its cluster API without a secret: local use only. */
    public Builder insecureClusterApi(boolean insecure) {
      this.insecureClusterApi = insecure;
      return this;
    }

    /**
     * Edge: the file to read the address players reach it at from, before each check-in, instead of
     * {@link #advertiseHost}; null for none.
     */
    public Builder advertiseHostFile(Path file) {
      this.advertiseHostFile = file;
      return this;
    }

    /**
     * Looks at {@code secrets}' file while the server runs: give the tokens or the cluster secret
     * that use them here too.
     */
    public Builder reloading(MountedSecrets secrets) {
      this.reloadedSecrets.add(secrets);
      return this;
    }

    public MediaServerConfig build() {
      String id =
          edgeId == null || edgeId.isBlank() ? advertiseHost + "-" + rtmpPort : edgeId.strip();
      return new MediaServerConfig(
          role,
          bind,
          rtmpPort,
          httpPort,
          eventLoopThreads,
          maxSubscribers,
          Optional.ofNullable(publishTokens),
          Optional.ofNullable(publishWebhook),
          Optional.ofNullable(playTokens),
          Optional.ofNullable(playWebhook),
          limits,
          httpLimits,
          fanOutInterval,
          transport,
          drainTimeout,
          Optional.ofNullable(clusterSecret),
          new OriginOptions(peers, edgeTtl),
          new EdgeOptions(
              id,
              origins,
              advertiseHost,
              checkInInterval,
              upstreamGrace,
              Optional.ofNullable(advertiseHostFile)),
          internalPort,
          Optional.ofNullable(tls),
          Optional.ofNullable(originTls),
          insecureClusterApi,
          reloadedSecrets);
    }
  }
}
