package io.streamcluster.operator.local;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.ClusterDefaults;
import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.scaleloop.BehaviorAdapter;
import io.streamcluster.operator.scaleloop.ClusterEvents;
import io.streamcluster.operator.scaleloop.EdgeScaler;
import io.streamcluster.operator.scaleloop.OriginAccess;
import io.streamcluster.operator.scaleloop.OriginClusterApi;
import io.streamcluster.operator.scaleloop.ScalingOutcome;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StreamCluster run on this machine with no Kubernetes: the origin and the edges are media
 * servers in this process, scaled by the operator's own loop ({@link EdgeScaler}). Only the two
 * ends are local: the "pods" the loop scales are edge servers started here ({@link LocalEdges}),
 * and it reads the load from the origin's cluster API as the operator does. Victim choice,
 * subscriber count and decisions are therefore the operator's.
 */
public final class LocalCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
  private static final int IO_THREADS_PER_SERVER = 2;
  private static final Duration ORIGIN_TIMEOUT = Duration.ofSeconds(3);

  private final StreamCluster resource;
  private final LocalPorts ports;
  private final ClusterSecret secret;
  private final Duration checkInInterval;
  private final EdgeScaler scaler;
  private final LocalEdges edges = new LocalEdges(this::startEdge);
  private MediaServer origin;
  private ScalingOutcome outcome;

  /**
   * @param syncPeriod how often, at most, the loop decides (the operator's sync period)
   */
  LocalCluster(
      StreamCluster resource,
      LocalPorts ports,
      InstantSource clock,
      Duration checkInInterval,
      Duration syncPeriod) {
    this.resource = resource;
    this.ports = ports;
    this.checkInInterval = checkInInterval;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secret = new ClusterSecret(key, Clock.systemUTC());
    this.scaler = new EdgeScaler(new OriginClusterApi(ORIGIN_TIMEOUT), syncPeriod, clock);
  }

  /** Starts the origin and the initial edges. */
  public synchronized LocalCluster start() {
    try {
      origin =
          new MediaServer(
                  serverConfig(
                          Role.ORIGIN, "origin", ports.originRtmp(), ports.originHttp(), List.of())
                      .internalPort(ports.originInternal())
                      .build())
              .start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the origin", e);
    }
    edges.scale(initialEdges());
    return this;
  }

  private int initialEdges() {
    AutoscalingSpec autoscaling = resource.getSpec().getAutoscaling();
    int replicas = resource.getSpec().getEdge().getReplicas();
    if (autoscaling.getMode() != AutoscalingSpec.Mode.Subscribers) {
      return replicas;
    }
    return Math.max(autoscaling.getMinEdges(), Math.min(autoscaling.getMaxEdges(), replicas));
  }

  /**
   * One turn of the scaling loop, in mode {@code Subscribers}: it reads the load from the origin,
   * decides, and starts or removes edges; the status says what it decided.
   */
  public synchronized LocalStatus sync() {
    AutoscalingSpec autoscaling = resource.getSpec().getAutoscaling();
    if (autoscaling.getMode() == AutoscalingSpec.Mode.Subscribers) {
      AutoscalerConfig config = BehaviorAdapter.toConfig(autoscaling);
      outcome =
          scaler.sync(
              name(),
              config,
              BehaviorAdapter.overflow(autoscaling),
              edges.replicas(),
              Optional.of(originAccess()),
              edges,
              LOGGED);
    }
    return status();
  }

  private OriginAccess originAccess() {
    return new OriginAccess(
        List.of(URI.create("http://" + ports.advertiseHost() + ":" + origin.internalPort())),
        secret);
  }

  /** Where the loop stands now, and the edges as the origin sees them. */
  public synchronized LocalStatus status() {
    EdgeFleet fleet = origin.fleet().orElseThrow();
    Optional<ScalingDecision> decision =
        Optional.ofNullable(outcome).flatMap(ScalingOutcome::decision);
    String message = decision.map(ScalingDecision::message).orElse("");
    Optional<String> problem = Optional.ofNullable(outcome).flatMap(ScalingOutcome::problem);
    if (problem.isPresent() && !message.contains(problem.get())) {
      message = message.isEmpty() ? problem.get() : message + " (" + problem.get() + ")";
    }
    return new LocalStatus(
        edges.serving().size(),
        (int) fleet.edges().stream().filter(e -> e.state() == EdgeState.READY).count(),
        edges.draining(),
        decision
            .map(ScalingDecision::subscribers)
            .orElse(OptionalLong.empty())
            .orElse(fleet.subscribers()),
        decision.map(ScalingDecision::desiredEdges).orElse(edges.replicas()),
        decision.map(d -> d.signals().joinRatePerSecond()).orElse(0.0),
        fleet.refusals(),
        decision.map(d -> d.reason().toString()).orElse("Starting"),
        message);
  }

  private LocalEdge startEdge(int slot) throws InterruptedException {
    String id = "edge-" + slot;
    MediaServerConfig config =
        serverConfig(
                Role.EDGE,
                id,
                ports.edgeRtmp(slot),
                ports.edgeHttp(slot),
                List.of(ports.advertiseHost() + ":" + origin.internalPort()))
            .internalPort(ports.edgeInternal(slot))
            .build();
    MediaServer server = new MediaServer(config).start();
    log.info("Started {} at rtmp://{}:{}", id, ports.advertiseHost(), server.rtmpPort());
    return new LocalEdge(id, slot, server);
  }

  private MediaServerConfig.Builder serverConfig(
      Role role, String id, int rtmpPort, int httpPort, List<String> origins) {
    AutoscalingSpec autoscaling = resource.getSpec().getAutoscaling();
    MediaServerConfig.Builder config = MediaServerConfig.builder(role);
    Integer fanOutInterval = resource.getSpec().getFanOutIntervalMs();
    if (fanOutInterval != null) {
      config.fanOutInterval(Duration.ofMillis(fanOutInterval));
    }
    return config
        .bind(ports.bind())
        .rtmpPort(rtmpPort)
        .httpPort(httpPort)
        .eventLoopThreads(IO_THREADS_PER_SERVER)
        .maxSubscribers(
            role == Role.EDGE ? resource.getSpec().getEdge().getMaxSubscribers() : 100_000)
        .clusterSecret(secret)
        .drainTimeout(Duration.ofSeconds(autoscaling.getDrainTimeoutSeconds()))
        .edgeTtl(checkInInterval.multipliedBy(3))
        .edgeId(id)
        .origins(origins)
        .advertiseHost(ports.advertiseHost())
        .checkInInterval(checkInInterval)
        .upstreamGrace(Duration.ofSeconds(ClusterDefaults.UPSTREAM_GRACE_SECONDS));
  }

  private String name() {
    return resource.getMetadata() == null || resource.getMetadata().getName() == null
        ? "local"
        : resource.getMetadata().getName();
  }

  public MediaServer origin() {
    return origin;
  }

  public List<String> edgeAddresses() {
    return edges.serving().stream().map(LocalEdge::rtmpAddress).toList();
  }

  /**
   * Drains every edge (waiting at most {@code patience} for players to leave) and stops everything.
   */
  public void shutdown(Duration patience) {
    List<CompletableFuture<Void>> drained = new ArrayList<>();
    for (LocalEdge edge : edges.all()) {
      drained.add(edge.server().drain());
    }
    try {
      CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new))
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timedOut) {
      log.info("Players still attached after {} s; stopping anyway", patience.toSeconds());
    }
    close();
  }

  @Override
  public synchronized void close() {
    edges.closeAll();
    if (origin != null) {
      origin.close();
    }
  }

  /** With no Kubernetes to record events, warnings go to the log; decisions are in the table. */
  private static final ClusterEvents LOGGED =
      new ClusterEvents() {
        @Override
        public void normal(String reason, String message) {
          log.debug("{}: {}", reason, message);
        }

        @Override
        public void warning(String reason, String message) {
          log.warn("{}: {}", reason, message);
        }
      };
}
