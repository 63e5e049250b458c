package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import io.streamcluster.operator.autoscaler.Autoscaler;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.LoadReading;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the autoscaler of every StreamCluster in mode {@code Subscribers}, once per sync period: it
 * reads the load from the origins, asks the cluster's own {@link Autoscaler} (whose history of
 * recommendations and scale events is what makes its windows and policies work) and carries out the
 * decision. A scale-in drains first: the least-loaded edges leave the origins' rotation and their
 * pods become the first to go, and only then do the edges scale in. When the origins cannot be read
 * the edges keep their number (within the bounds), and the outcome says why.
 *
 * <p>After each decision the origins' rotations are told what the autoscaler knows ({@link
 * RotationAdvice}): the target per edge, how far edges may overflow it, how long to hold a viewer
 * when all are full, how many edges are on their way and when the first should check in (from which
 * an origin tells a viewer when to come back), and how many more edges it may still ask for before
 * {@code maxEdges} (while it may, the origin holds a viewer who finds every edge full rather than
 * refuse it).
 */
public final class EdgeScaler {

  private static final Logger log = LoggerFactory.getLogger(EdgeScaler.class);

  /** Reconciles that come a little early (timers are not exact) still count as due. */
  private static final Duration EARLY = Duration.ofMillis(250);

  private final ClusterLoadSource loadSource;
  private final Duration syncPeriod;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, ClusterScaling> clusters = new ConcurrentHashMap<>();

  /** One cluster's autoscaler and what its last sync found. */
  private static final class ClusterScaling {
    final Autoscaler autoscaler;
    ScalingDecision decision;
    Instant decidedAt;
    Instant lastScaleTime;
    String problem;
    OptionalLong refusals = OptionalLong.empty();
    String adviceProblem;

    ClusterScaling(Autoscaler autoscaler) {
      this.autoscaler = autoscaler;
    }
  }

  public EdgeScaler(ClusterLoadSource loadSource, Duration syncPeriod, InstantSource clock) {
    this.loadSource = loadSource;
    this.syncPeriod = syncPeriod;
    this.clock = clock;
  }

  public Duration syncPeriod() {
    return syncPeriod;
  }

  /**
   * Decides and scales when a sync is due for the cluster, otherwise reports the last sync.
   *
   * @param cluster a key that identifies the cluster for its lifetime (its uid)
   * @param config the autoscaler's config from the cluster's current spec
   * @param currentEdges the edges asked for now (the scale's {@code spec.replicas})
   * @param origins how to reach the origins; empty while the cluster secret does not exist
   */
  public ScalingOutcome sync(
      String cluster,
      AutoscalerConfig config,
      int currentEdges,
      Optional<OriginAccess> origins,
      EdgeScaleTarget target,
      ClusterEvents events) {
    return sync(cluster, config, OverflowPolicy.DEFAULT, currentEdges, origins, target, events);
  }

  /**
   * Decides and scales when a sync is due for the cluster, otherwise reports the last sync.
   *
   * @param cluster a key that identifies the cluster for its lifetime (its uid)
   * @param config the autoscaler's config from the cluster's current spec
   * @param overflow what the origins' rotation does once the edges carry the target
   * @param currentEdges the edges asked for now (the scale's {@code spec.replicas})
   * @param origins how to reach the origins; empty while the cluster secret does not exist
   */
  public ScalingOutcome sync(
      String cluster,
      AutoscalerConfig config,
      OverflowPolicy overflow,
      int currentEdges,
      Optional<OriginAccess> origins,
      EdgeScaleTarget target,
      ClusterEvents events) {
    ClusterScaling state =
        clusters.computeIfAbsent(cluster, key -> new ClusterScaling(new Autoscaler(config, clock)));
    synchronized (state) {
      if (!state.autoscaler.config().equals(config)) {
        state.autoscaler.reconfigure(config);
      }
      Instant now = clock.instant();
      if (state.decidedAt != null) {
        Duration since = Duration.between(state.decidedAt, now);
        if (since.plus(EARLY).compareTo(syncPeriod) < 0) {
          return outcome(state, syncPeriod.minus(since));
        }
      }
      decide(state, currentEdges, origins, target, events);
      if (state.refusals.isPresent()) {
        // the load was read: the origins answer, so tell their rotations what comes
        advise(state, config, overflow, origins.orElseThrow());
      }
      state.decidedAt = now;
      return outcome(state, syncPeriod);
    }
  }

  /** Forgets the clusters that no longer exist. */
  public void retain(Set<String> existing) {
    clusters.keySet().retainAll(existing);
  }

  private void decide(
      ClusterScaling state,
      int currentEdges,
      Optional<OriginAccess> origins,
      EdgeScaleTarget target,
      ClusterEvents events) {
    Optional<ClusterLoad> load = Optional.empty();
    String problem = null;
    ScalingDecision decision;
    state.refusals = OptionalLong.empty();
    if (origins.isEmpty()) {
      problem = "the cluster secret does not exist yet";
      decision = state.autoscaler.holdWithoutLoad(currentEdges, problem);
    } else {
      try {
        load = Optional.of(loadSource.read(origins.get()));
        state.refusals = OptionalLong.of(load.get().refusals());
        decision = state.autoscaler.decide(currentEdges, reading(load.get()));
      } catch (IOException e) {
        problem = "the origins' cluster API cannot be read: " + describe(e);
        decision = state.autoscaler.holdWithoutLoad(currentEdges, problem);
        if (state.problem == null) {
          events.warning("OriginUnreadable", problem);
        }
      }
    }
    state.decision = decision;
    state.problem = problem;
    if (!decision.changesEdges()) {
      return;
    }
    if (decision.scalesDown() && load.isPresent()) {
      Optional<String> drainProblem =
          drainVictims(decision, load.get().edges(), origins.get(), target);
      if (drainProblem.isPresent()) {
        state.problem = drainProblem.get();
        events.warning("DrainFailed", drainProblem.get() + "; the edges do not scale in yet");
        return;
      }
    }
    try {
      target.scale(decision.desiredEdges());
    } catch (RuntimeException e) {
      state.problem = "scaling the edges to " + decision.desiredEdges() + " failed: " + describe(e);
      events.warning("ScaleFailed", state.problem);
      return;
    }
    state.autoscaler.recordScale(decision);
    state.lastScaleTime = decision.time();
    log.info(
        "Edges {} -> {}: {}", decision.currentEdges(), decision.desiredEdges(), decision.message());
    events.normal(decision.reason().name(), decision.message());
  }

  /**
   * What the autoscaler reads from the origins' report: the subscribers, the viewers waiting, and
   * the edges in the rotation with their first check-in (older origins report none: their last).
   */
  static LoadReading reading(ClusterLoad load) {
    Map<String, Instant> ready = new HashMap<>();
    for (EdgeView edge : load.edges()) {
      if (edge.state() == EdgeState.READY) {
        Instant first = edge.firstCheckIn() != null ? edge.firstCheckIn() : edge.lastCheckIn();
        ready.put(edge.id(), first != null ? first : Instant.EPOCH);
      }
    }
    return new LoadReading(load.subscribers(), load.waitingViewers(), ready);
  }

  /**
   * Tells the origins' rotations the target, the overflow, the edges on their way and how many more
   * the loop may still ask for (while it may, an origin holds viewers rather than refuse them).
   */
  private void advise(
      ClusterScaling state,
      AutoscalerConfig config,
      OverflowPolicy overflow,
      OriginAccess origins) {
    Autoscaler.ExpectedEdges expected = state.autoscaler.expectedEdges();
    RotationAdvice advice =
        new RotationAdvice(
            config.targetSubscribersPerEdge(),
            overflow.toCapacity(),
            (int) overflow.hold().toSeconds(),
            expected.count(),
            expected.firstAt().orElse(null),
            Math.max(0, config.maxEdges() - state.decision.desiredEdges()));
    try {
      loadSource.advise(origins, advice);
      if (state.adviceProblem != null) {
        log.info("The origins take the rotation advice again");
      }
      state.adviceProblem = null;
    } catch (IOException | RuntimeException e) {
      String problem = describe(e);
      if (!problem.equals(state.adviceProblem)) {
        log.warn("Telling the origins' rotation what comes failed: {}", problem);
      }
      state.adviceProblem = problem;
    }
  }

  /** Takes the victims out of the rotation and marks their pods; empty when all went well. */
  private Optional<String> drainVictims(
      ScalingDecision decision,
      List<EdgeView> edges,
      OriginAccess origins,
      EdgeScaleTarget target) {
    int count = decision.currentEdges() - decision.desiredEdges();
    List<EdgeView> victims;
    try {
      victims = ScaleInVictims.choose(edges, target.edgePods(), count);
    } catch (RuntimeException e) {
      return Optional.of("listing the edge pods failed: " + describe(e));
    }
    for (EdgeView victim : victims) {
      try {
        loadSource.drain(origins, victim.id());
        target.preferForRemoval(victim.id());
        log.info(
            "Draining edge {} ({} subscribers) before scaling in",
            victim.id(),
            victim.subscribers());
      } catch (IOException | RuntimeException e) {
        return Optional.of("draining edge " + victim.id() + " failed: " + describe(e));
      }
    }
    return Optional.empty();
  }

  private ScalingOutcome outcome(ClusterScaling state, Duration nextSync) {
    return new ScalingOutcome(
        Optional.ofNullable(state.decision),
        Optional.ofNullable(state.lastScaleTime),
        Optional.ofNullable(state.problem),
        nextSync,
        state.refusals,
        ScheduleOutlook.of(state.autoscaler.config(), clock.instant()));
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
