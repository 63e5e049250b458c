package io.streamcluster.operator.surge;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.scaleloop.ClusterEvents;
import io.streamcluster.operator.scaleloop.ClusterLoad;
import io.streamcluster.operator.scaleloop.ClusterLoadSource;
import io.streamcluster.operator.scaleloop.EdgeScaleTarget;
import io.streamcluster.operator.scaleloop.EdgeScaler;
import io.streamcluster.operator.scaleloop.OriginAccess;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A launch surge in simulated time, through the product's own control path: the real {@link
 * EdgeScaler} (the loop the operator and {@code local} mode run, with its {@code Autoscaler}) reads
 * the real origin rotation ({@link EdgeFleet}), whose edges are simulated: each starts after a time
 * drawn from the scenario's distribution, checks in every two seconds with its subscriber count,
 * and drains when the loop removes it. Viewers are simulated too: they arrive as the audience curve
 * rises and ask for an edge as a mobile client asks {@code /cluster}; one that is refused comes
 * back after the {@code Retry-After} (today's origins send none: a client retrying every 5 s is the
 * same), one that is held waits for the edge the origin hands it when one checks in, and one that
 * waits longer than its patience gives up. Viewers leave as the curve falls; those still on an edge
 * whose drain times out ask again. Everything is measured in steps of a quarter of a second,
 * reproducibly (one seed per scenario).
 */
final class SurgeSimulator {

  static final double STEP = 0.25;
  static final double CHECK_IN_SECONDS = 2;
  static final Duration EDGE_TTL = Duration.ofSeconds(6);
  static final int MAX_SUBSCRIBERS = 2_000;
  static final double PATIENCE_SECONDS = 120;
  static final double DRAIN_TIMEOUT_SECONDS = 600;

  /** The run starts a quarter of an hour before an event at 20:00 UTC. */
  static final Instant RUN_START = Instant.parse("2026-12-24T19:45:00Z");

  /** What is simulated: the audience, how fast edges start, how often the loop decides. */
  record Scenario(AudienceCurve curve, EdgeStartupTime startup, Duration syncPeriod, long seed) {}

  private final Scenario scenario;
  private final SurgePolicy policy;
  private final AutoscalerConfig config;
  private final Random random;
  private final SimClock clock = new SimClock();
  private final EdgeFleet fleet = new EdgeFleet(clock, EDGE_TTL);
  private final List<SimEdge> edges = new ArrayList<>();
  private final Map<String, SimEdge> byId = new HashMap<>();
  private final Deque<Viewer> held = new ArrayDeque<>();
  private final PriorityQueue<Viewer> retrying =
      new PriorityQueue<>(Comparator.comparingDouble(v -> v.retryAt));
  private int nextEdge;
  private int replicas;

  // what is measured
  private long refusedViewers;
  private long refusals;
  private long heldViewers;
  private long waitedViewers;
  private double maxWait;
  private double waitSeconds;
  private long gaveUp;
  private int peakPerEdge;
  private int peakEdges;
  private double edgeMinutes;
  private double oracleEdgeMinutes;
  private double eventEdgeMinutes;
  private double eventOracleEdgeMinutes;
  private long refusalsThisSecond;
  private final List<SurgeResult.Sample> timeline = new ArrayList<>();

  private SurgeSimulator(Scenario scenario, SurgePolicy policy) {
    this.scenario = scenario;
    this.policy = policy;
    this.config = policy.config().apply(scenario.curve(), RUN_START);
    this.random = new Random(scenario.seed());
    fleet.onCheckIn(this::serveHeld);
  }

  static SurgeResult run(Scenario scenario, SurgePolicy policy) {
    return new SurgeSimulator(scenario, policy).run();
  }

  /** A viewer who asked for an edge and has not got one yet. */
  private static final class Viewer {
    final double asked;
    double retryAt;
    Instant heldSince;
    double heldUntil;
    boolean refused;
    boolean wasHeld;

    Viewer(double asked) {
      this.asked = asked;
    }
  }

  /** One edge pod: starting until it first checks in, then ready, then perhaps draining. */
  private final class SimEdge {
    final String id;
    final double readyAt;
    double nextCheckIn;
    int subscribers;
    boolean checkedIn;
    boolean draining;
    double drainingSince;
    boolean preferred;

    SimEdge(String id, double readyAt) {
      this.id = id;
      this.readyAt = readyAt;
      this.nextCheckIn = readyAt;
    }

    CheckIn checkIn() {
      return new CheckIn(
          id,
          id,
          1935,
          5080,
          draining ? EdgeState.DRAINING : EdgeState.READY,
          subscribers,
          MAX_SUBSCRIBERS,
          subscribers > 0 ? Map.of("launch", subscribers) : Map.of(),
          0);
    }
  }

  private SurgeResult run() {
    EdgeScaler scaler = new EdgeScaler(new SimOrigin(), scenario.syncPeriod(), clock);
    OriginAccess access =
        new OriginAccess(
            List.of(URI.create("http://origin.sim:5080")),
            new ClusterSecret("surge-simulator-secret".getBytes(), Clock.systemUTC()));
    SimEdges target = new SimEdges();
    AudienceCurve curve = scenario.curve();
    startIdleCluster(curve.viewersAt(0));

    double sync = scenario.syncPeriod().toMillis() / 1000.0;
    double nextSync = 0;
    double arrivals = 0;
    double departures = 0;
    double previousViewers = curve.viewersAt(0);
    long steps = Math.round(curve.end() / STEP);
    for (long step = 0; step <= steps; step++) {
      double t = step * STEP;
      clock.now = t;
      runEdges(t);
      if (t + 1e-9 >= nextSync) {
        scaler.sync("surge", config, policy.overflow(), replicas, Optional.of(access), target, LOG);
        nextSync += sync;
      }
      double viewers = curve.viewersAt(t);
      double change = viewers - previousViewers;
      previousViewers = viewers;
      if (change > 0) {
        arrivals += change;
        while (arrivals >= 1) {
          arrivals--;
          ask(new Viewer(t), t);
        }
      } else {
        departures -= change;
        while (departures >= 1) {
          departures--;
          leave();
        }
      }
      while (!retrying.isEmpty() && retrying.peek().retryAt <= t + 1e-9) {
        Viewer viewer = retrying.poll();
        if (t - viewer.asked > PATIENCE_SECONDS) {
          gaveUp++;
        } else {
          ask(viewer, t);
        }
      }
      holdsRunOut(t);
      measure(t, viewers, step);
    }
    return new SurgeResult(
        curve.name(),
        scenario.startup().name(),
        scenario.syncPeriod(),
        policy.name(),
        refusedViewers,
        refusals,
        heldViewers,
        waitedViewers,
        maxWait,
        waitSeconds,
        gaveUp,
        peakPerEdge,
        peakEdges,
        edgeMinutes,
        oracleEdgeMinutes,
        eventEdgeMinutes,
        eventOracleEdgeMinutes,
        List.copyOf(timeline));
  }

  /** Before the run: minEdges edges, long checked in, sharing the idle audience. */
  private void startIdleCluster(double viewers) {
    replicas = SurgePolicy.MIN_EDGES;
    for (int i = 0; i < replicas; i++) {
      SimEdge edge = newEdge(-60);
      edge.subscribers = (int) viewers / replicas;
    }
    clock.now = -60;
    runEdges(-60);
  }

  private SimEdge newEdge(double readyAt) {
    SimEdge edge = new SimEdge("edge-" + nextEdge++, readyAt);
    edges.add(edge);
    byId.put(edge.id, edge);
    return edge;
  }

  /** Start-ups, check-ins, and drained edges that stop. */
  private void runEdges(double t) {
    for (SimEdge edge : List.copyOf(edges)) {
      if (edge.draining
          && (edge.subscribers == 0 || t - edge.drainingSince >= DRAIN_TIMEOUT_SECONDS)) {
        edges.remove(edge);
        // players still there when the drain times out are cut off; they ask again at once
        for (int i = 0; i < edge.subscribers; i++) {
          ask(new Viewer(t), t);
        }
        continue;
      }
      if (t + 1e-9 >= edge.nextCheckIn) {
        edge.checkedIn = true;
        edge.nextCheckIn += CHECK_IN_SECONDS;
        fleet.checkIn(edge.checkIn());
      }
    }
  }

  /** A viewer asks the origin for an edge, as {@code GET /cluster}. */
  private void ask(Viewer viewer, double t) {
    Optional<EdgeView> edge = fleet.next();
    if (edge.isPresent()) {
      connect(viewer, edge.get(), t);
      return;
    }
    Instant since = clock.instant();
    Optional<Instant> until = fleet.holdUntil(since);
    if (until.isPresent() && held.size() < 10_000) {
      viewer.heldSince = since;
      viewer.heldUntil = seconds(until.get());
      if (!viewer.wasHeld) {
        viewer.wasHeld = true;
        heldViewers++;
      }
      held.addLast(viewer);
      return;
    }
    refuse(viewer, t);
  }

  /**
   * Held viewers whose hold ran out: held on if edges were asked for meanwhile (as the origin's
   * timer asks the fleet again), else refused.
   */
  private void holdsRunOut(double t) {
    for (Iterator<Viewer> it = held.iterator(); it.hasNext(); ) {
      Viewer viewer = it.next();
      if (viewer.heldUntil > t + 1e-9) {
        continue;
      }
      Optional<Instant> longer = fleet.holdUntil(viewer.heldSince);
      if (longer.isPresent()) {
        viewer.heldUntil = seconds(longer.get());
        continue;
      }
      it.remove();
      refuse(viewer, t);
    }
  }

  /** The run's seconds at {@code instant}. */
  private static double seconds(Instant instant) {
    return Duration.between(RUN_START, instant).toNanos() / 1e9;
  }

  /** After a check-in the origin hands edges with room to the viewers it holds, in order. */
  private void serveHeld() {
    while (!held.isEmpty()) {
      Optional<EdgeView> edge = fleet.next();
      if (edge.isEmpty()) {
        return;
      }
      connect(held.pollFirst(), edge.get(), clock.now);
    }
  }

  private void connect(Viewer viewer, EdgeView view, double t) {
    SimEdge edge = byId.get(view.id());
    if (edge == null || edge.draining || edge.subscribers >= MAX_SUBSCRIBERS) {
      // the edge itself refuses the player; the client asks /cluster again at once
      viewer.retryAt = t + STEP;
      retrying.add(viewer);
      return;
    }
    edge.subscribers++;
    double waited = t - viewer.asked;
    if (waited > 1e-9) {
      waitedViewers++;
      waitSeconds += waited;
      maxWait = Math.max(maxWait, waited);
    }
  }

  private void refuse(Viewer viewer, double t) {
    Duration retryAfter = fleet.refuse();
    refusals++;
    refusalsThisSecond++;
    if (!viewer.refused) {
      viewer.refused = true;
      refusedViewers++;
    }
    viewer.retryAt = t + retryAfter.toMillis() / 1000.0;
    retrying.add(viewer);
  }

  /** A viewer leaves: one of the subscribers, drawn in proportion to each edge's load. */
  private void leave() {
    long total = edges.stream().mapToLong(e -> e.subscribers).sum();
    if (total == 0) {
      if (!retrying.isEmpty()) {
        retrying.poll();
      }
      return;
    }
    long pick = (long) (random.nextDouble() * total);
    for (SimEdge edge : edges) {
      if (pick < edge.subscribers) {
        edge.subscribers--;
        return;
      }
      pick -= edge.subscribers;
    }
  }

  private void measure(double t, double viewers, long step) {
    double pods = edges.size() * STEP / 60;
    double oracle =
        Math.max(SurgePolicy.MIN_EDGES, (long) Math.ceil(viewers / SurgePolicy.TARGET)) * STEP / 60;
    edgeMinutes += pods;
    oracleEdgeMinutes += oracle;
    if (t < scenario.curve().peakEnd()) {
      eventEdgeMinutes += pods;
      eventOracleEdgeMinutes += oracle;
    }
    peakEdges = Math.max(peakEdges, edges.size());
    for (SimEdge edge : edges) {
      peakPerEdge = Math.max(peakPerEdge, edge.subscribers);
    }
    if (step % Math.round(1 / STEP) == 0) {
      long subscribers = edges.stream().mapToLong(e -> e.subscribers).sum();
      int ready = (int) edges.stream().filter(e -> e.checkedIn && !e.draining).count();
      int asked = (int) edges.stream().filter(e -> !e.draining).count();
      timeline.add(
          new SurgeResult.Sample(
              (int) Math.round(t),
              viewers,
              subscribers,
              held.size() + retrying.size(),
              ready,
              asked,
              refusalsThisSecond));
      refusalsThisSecond = 0;
    }
  }

  /** The origin's cluster API as the loop calls it, on the real rotation. */
  private final class SimOrigin implements ClusterLoadSource {
    @Override
    public ClusterLoad read(OriginAccess origins) {
      return new ClusterLoad(fleet.edges(), fleet.subscribers(), fleet.refusals(), held.size());
    }

    @Override
    public boolean drain(OriginAccess origins, String edgeId) {
      return fleet.drain(edgeId);
    }

    @Override
    public void advise(OriginAccess origins, RotationAdvice advice) {
      if (policy.originsTakeAdvice()) {
        fleet.advise(advice);
      }
    }
  }

  /**
   * The edge pods as a Deployment keeps them: scaling up starts pods; scaling in removes pods that
   * have not started first, then those marked for removal, then the newest, as a ReplicaSet does; a
   * removed edge that runs drains.
   */
  private final class SimEdges implements EdgeScaleTarget {
    @Override
    public Set<String> edgePods() {
      return edges.stream().filter(e -> !e.draining).map(e -> e.id).collect(Collectors.toSet());
    }

    @Override
    public void preferForRemoval(String pod) {
      SimEdge edge = byId.get(pod);
      if (edge != null) {
        edge.preferred = true;
      }
    }

    @Override
    public void scale(int wanted) {
      replicas = wanted;
      double t = clock.now;
      List<SimEdge> running = edges.stream().filter(e -> !e.draining).toList();
      for (int i = running.size(); i < wanted; i++) {
        newEdge(t + scenario.startup().sample(random));
      }
      int surplus = running.size() - wanted;
      if (surplus <= 0) {
        return;
      }
      List<SimEdge> victims =
          running.stream()
              .sorted(
                  Comparator.comparing((SimEdge e) -> e.checkedIn)
                      .thenComparing(e -> !e.preferred)
                      .thenComparing(e -> -e.readyAt))
              .limit(surplus)
              .toList();
      for (SimEdge victim : victims) {
        if (victim.checkedIn) {
          victim.draining = true;
          victim.drainingSince = t;
        } else {
          edges.remove(victim);
        }
      }
    }
  }

  /** Simulated time: the run's seconds since {@link #RUN_START}. */
  private static final class SimClock extends Clock {
    double now;

    @Override
    public Instant instant() {
      return RUN_START.plusNanos(Math.round(now * 1e9));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static final ClusterEvents LOG =
      new ClusterEvents() {
        @Override
        public void normal(String reason, String message) {}

        @Override
        public void warning(String reason, String message) {}
      };
}
