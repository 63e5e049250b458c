package io.streamcluster.operator.local;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.ClusterConfig;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.cluster.ClusterSecret;
import io.streamcluster.media.cluster.EdgeFleet;
import io.streamcluster.media.cluster.EdgeState;
import io.streamcluster.media.cluster.EdgeView;
import io.streamcluster.operator.autoscaler.Autoscaler;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.scaleloop.BehaviorAdapter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StreamCluster run on this machine with no Kubernetes: the origin and the edges are media
 * servers in this process, and the same autoscaler the operator uses adds edges and drains them
 * away as players come and go. This is the local adapter in place of the operator's Kubernetes one:
 * "replicas" are edge servers started here, and scale-in drains the least-loaded edges through the
 * origin before they stop.
 */
public final class LocalCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
  private static final int IO_THREADS_PER_SERVER = 2;

  private final StreamCluster resource;
  private final LocalPorts ports;
  private final ClusterSecret secret;
  private final Autoscaler autoscaler;
  private final Duration checkInInterval;
  private final List<LocalEdge> edges = new ArrayList<>();
  private MediaServer origin;
  private ScalingDecision lastDecision;

  LocalCluster(
      StreamCluster resource, LocalPorts ports, InstantSource clock, Duration checkInInterval) {
    this.resource = resource;
    this.ports = ports;
    this.checkInInterval = checkInInterval;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secret = new ClusterSecret(key, Clock.systemUTC());
    this.autoscaler =
        new Autoscaler(BehaviorAdapter.toConfig(resource.getSpec().getAutoscaling()), clock);
  }

  /** Starts the origin and the initial edges. */
  public synchronized LocalCluster start() throws InterruptedException {
    origin =
        new MediaServer(
                serverConfig(
                    Role.ORIGIN, "origin", ports.originRtmp(), ports.originHttp(), List.of()))
            .start();
    int initial = initialEdges();
    for (int i = 0; i < initial; i++) {
      addEdge();
    }
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
   * One sync period: reads the load the edges reported to the origin, asks the autoscaler, and
   * starts or drains edges accordingly.
   */
  public synchronized LocalStatus sync() throws InterruptedException {
    List<EdgeView> views = fleet().edges();
    List<LocalEdge> serving = serving();
    long subscribers =
        views.stream()
            .filter(v -> v.state() == EdgeState.READY)
            .mapToLong(EdgeView::subscribers)
            .sum();
    if (resource.getSpec().getAutoscaling().getMode() == AutoscalingSpec.Mode.Subscribers) {
      ScalingDecision decision = autoscaler.decide(serving.size(), subscribers);
      lastDecision = decision;
      if (decision.changesEdges()) {
        scaleTo(decision.desiredEdges(), views);
        autoscaler.recordScale(decision);
      }
    }
    return status(subscribers);
  }

  private void scaleTo(int desired, List<EdgeView> views) throws InterruptedException {
    List<LocalEdge> serving = serving();
    if (desired > serving.size()) {
      for (int i = serving.size(); i < desired; i++) {
        addEdge();
      }
      return;
    }
    Map<String, Integer> load =
        views.stream().collect(Collectors.toMap(EdgeView::id, EdgeView::subscribers, (a, b) -> a));
    List<LocalEdge> leastLoaded =
        serving.stream()
            .sorted(
                Comparator.comparingInt((LocalEdge e) -> load.getOrDefault(e.id(), 0))
                    .thenComparing(LocalEdge::id))
            .limit(serving.size() - desired)
            .toList();
    for (LocalEdge edge : leastLoaded) {
      drain(edge);
    }
  }

  /**
   * Takes the edge out of rotation through the origin, as the operator does; it stops when empty.
   */
  private void drain(LocalEdge edge) {
    log.info("Draining {} ({} players)", edge.id(), edge.server().streams().subscriberCount());
    if (!fleet().drain(edge.id())) {
      edge.server().drain();
    }
    edge.server()
        .drained()
        .thenRunAsync(
            () -> {
              edge.server().close();
              synchronized (this) {
                edges.remove(edge);
              }
              log.info("{} stopped", edge.id());
            });
  }

  private void addEdge() throws InterruptedException {
    int slot = freeSlot();
    String id = "edge-" + slot;
    MediaServerConfig config =
        serverConfig(
            Role.EDGE,
            id,
            ports.edgeRtmp(slot),
            ports.edgeHttp(slot),
            List.of(ports.advertiseHost() + ":" + origin.httpPort()));
    MediaServer server = new MediaServer(config).start();
    edges.add(new LocalEdge(id, slot, server));
    log.info("Started {} at rtmp://{}:{}", id, ports.advertiseHost(), server.rtmpPort());
  }

  private int freeSlot() {
    int slot = 1;
    while (true) {
      int candidate = slot;
      if (edges.stream().noneMatch(e -> e.slot() == candidate)) {
        return slot;
      }
      slot++;
    }
  }

  private MediaServerConfig serverConfig(
      Role role, String id, int rtmpPort, int httpPort, List<String> origins) {
    AutoscalingSpec autoscaling = resource.getSpec().getAutoscaling();
    ClusterConfig cluster =
        new ClusterConfig(
            id,
            Optional.of(secret),
            checkInInterval,
            checkInInterval.multipliedBy(3),
            Duration.ofSeconds(autoscaling.getDrainTimeoutSeconds()),
            Duration.ofSeconds(5));
    return new MediaServerConfig(
        role,
        ports.bind(),
        rtmpPort,
        httpPort,
        origins,
        ports.advertiseHost(),
        role == Role.EDGE ? resource.getSpec().getEdge().getMaxSubscribers() : 100_000,
        Optional.empty(),
        MediaLimits.DEFAULTS,
        MediaServerConfig.DEFAULT_FAN_OUT_INTERVAL,
        IO_THREADS_PER_SERVER,
        cluster);
  }

  private List<LocalEdge> serving() {
    return edges.stream().filter(e -> !e.draining()).toList();
  }

  private EdgeFleet fleet() {
    return origin.fleet().orElseThrow();
  }

  public synchronized LocalStatus status() {
    long subscribers =
        fleet().edges().stream()
            .filter(v -> v.state() == EdgeState.READY)
            .mapToLong(EdgeView::subscribers)
            .sum();
    return status(subscribers);
  }

  private LocalStatus status(long subscribers) {
    List<LocalEdge> serving = serving();
    return new LocalStatus(
        serving.size(),
        (int) fleet().edges().stream().filter(v -> v.state() == EdgeState.READY).count(),
        edges.size() - serving.size(),
        subscribers,
        lastDecision == null ? serving.size() : lastDecision.desiredEdges(),
        lastDecision == null ? "Starting" : lastDecision.reason().toString(),
        lastDecision == null ? "" : lastDecision.message());
  }

  public MediaServer origin() {
    return origin;
  }

  public synchronized List<String> edgeAddresses() {
    return serving().stream().map(LocalEdge::rtmpAddress).toList();
  }

  /**
   * Drains every edge (waiting at most {@code patience} for players to leave) and stops everything.
   */
  public void shutdown(Duration patience) {
    List<LocalEdge> all;
    synchronized (this) {
      all = List.copyOf(edges);
    }
    List<CompletableFuture<Void>> drained = new ArrayList<>();
    for (LocalEdge edge : all) {
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
    for (LocalEdge edge : List.copyOf(edges)) {
      edge.server().close();
    }
    edges.clear();
    if (origin != null) {
      origin.close();
    }
  }
}
