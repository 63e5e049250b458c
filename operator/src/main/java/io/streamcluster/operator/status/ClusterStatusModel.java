package io.streamcluster.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.EdgesStatus;
import io.streamcluster.api.v1alpha1.ScalingStatus;
import io.streamcluster.api.v1alpha1.ScheduleStatus;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingDecision.Signals;
import io.streamcluster.operator.model.ClusterNames;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.model.MediaServerTls;
import io.streamcluster.operator.scaleloop.ScalingOutcome;
import io.streamcluster.operator.scaleloop.ScheduleOutlook;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes a StreamCluster's status from what the operator observed: the origin StatefulSet, the
 * edge Deployment, the origin Service and the autoscaler's last sync. Pure: no client, so every
 * condition can be checked in a unit test.
 */
public final class ClusterStatusModel {

  /** What the operator saw during one reconcile. */
  public record Observed(
      Optional<StatefulSet> origins,
      Optional<Deployment> edges,
      Optional<Service> originService,
      Optional<ScalingOutcome> scaling,
      Optional<Problem> problem) {

    /** Nothing could be observed because the reconcile stopped short: say why. */
    public static Observed failed(String reason, String message) {
      return new Observed(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(new Problem(reason, message)));
    }
  }

  /** Why the cluster cannot be what its spec says, as the Ready condition's reason and message. */
  public record Problem(String reason, String message) {}

  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  private ClusterStatusModel() {}

  /** A fresh status holding only what the operator owns, for a server-side apply. */
  public static StreamClusterStatus compute(StreamCluster cluster, Observed observed, Instant now) {
    long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
    StreamClusterStatus previous =
        cluster.getStatus() == null ? new StreamClusterStatus() : cluster.getStatus();
    List<Condition> before = previous.getConditions();
    ClusterNames names =
        new ClusterNames(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace());
    Mode mode = cluster.getSpec().getAutoscaling().getMode();

    StreamClusterStatus status = new StreamClusterStatus();
    status.setObservedGeneration(generation);
    status.setClusterUrl(MediaServerTls.clusterUrl(cluster));
    status.setOriginEndpoint(
        originEndpoint(names, observed.originService(), MediaServerTls.publishPort(cluster)));

    int wantedOrigins = orZero(cluster.getSpec().getOrigin().getReplicas());
    int readyOrigins =
        observed
            .origins()
            .map(s -> s.getStatus() == null ? 0 : orZero(s.getStatus().getReadyReplicas()))
            .orElse(0);
    boolean originReady =
        observed.origins().isPresent() && wantedOrigins > 0 && readyOrigins >= wantedOrigins;

    int wantedEdges =
        observed
            .edges()
            .map(d -> orZero(d.getSpec().getReplicas()))
            .orElse(orZero(cluster.getSpec().getEdge().getReplicas()));
    int edgePods =
        observed
            .edges()
            .map(d -> d.getStatus() == null ? 0 : orZero(d.getStatus().getReplicas()))
            .orElse(0);
    int readyEdges =
        observed
            .edges()
            .map(d -> d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()))
            .orElse(0);
    boolean edgesReady =
        observed.edges().isPresent() && readyEdges >= wantedEdges && wantedEdges > 0;

    EdgesStatus edges = new EdgesStatus();
    edges.setReplicas(edgePods);
    edges.setReadyReplicas(readyEdges);
    edges.setSelector(Labels.selectorString(names.cluster(), Component.EDGE));
    Optional<ScalingDecision> decision = observed.scaling().flatMap(ScalingOutcome::decision);
    edges.setDesiredReplicas(decision.map(ScalingDecision::desiredEdges).orElse(wantedEdges));
    status.setEdges(edges);

    status.setSubscribers(
        decision
            .filter(d -> d.subscribers().isPresent())
            .map(d -> d.subscribers().getAsLong())
            .orElse(previous.getSubscribers()));
    status.setLastScaleTime(
        observed
            .scaling()
            .flatMap(ScalingOutcome::lastScaleTime)
            .map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString())
            .orElse(previous.getLastScaleTime()));
    status.setRefusedRequests(
        observed
            .scaling()
            .map(ScalingOutcome::refusedRequests)
            .filter(r -> r.isPresent())
            .map(r -> r.getAsLong())
            .orElse(previous.getRefusedRequests()));
    if (mode == Mode.Subscribers) {
      decision.map(d -> scaling(d.signals())).ifPresent(status::setScaling);
      observed.scaling().map(s -> schedule(s.schedules())).ifPresent(status::setSchedule);
    }

    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.next(
            before,
            StreamClusterStatus.ORIGIN_READY,
            originReady,
            originReady
                ? "OriginsReady"
                : observed.origins().isEmpty() ? "OriginsMissing" : "OriginsNotReady",
            "%d of %d origin pods ready".formatted(readyOrigins, wantedOrigins),
            generation,
            now));
    conditions.add(
        Conditions.next(
            before,
            StreamClusterStatus.EDGES_READY,
            edgesReady,
            edgesReady
                ? "EdgesReady"
                : observed.edges().isEmpty() ? "EdgesMissing" : "EdgesNotReady",
            "%d of %d edge pods ready".formatted(readyEdges, wantedEdges),
            generation,
            now));
    conditions.add(ableToScale(before, mode, observed.scaling(), generation, now));
    conditions.add(scalingActive(before, mode, observed.scaling(), generation, now));
    conditions.add(scalingLimited(before, mode, observed.scaling(), generation, now));
    conditions.add(
        ready(before, observed.problem(), originReady, edgesReady, conditions, generation, now));
    status.setConditions(conditions);
    return status;
  }

  /** The autoscaler's inputs beyond the subscribers, rounded so the status does not churn. */
  static ScalingStatus scaling(Signals signals) {
    ScalingStatus scaling = new ScalingStatus();
    scaling.setJoinRatePerSecond(Math.round(signals.joinRatePerSecond() * 10) / 10.0);
    scaling.setWaitingViewers(signals.waitingViewers());
    scaling.setEdgeStartupSeconds((int) signals.edgeStartup().toSeconds());
    scaling.setEdgeStartupMeasured(signals.edgeStartupMeasured());
    scaling.setPredictedEdges(signals.predictedEdges() > 0 ? signals.predictedEdges() : null);
    scaling.setPendingEdges(signals.pendingEdges());
    return scaling;
  }

  /**
   * The active schedule and the next, and one line for {@code kubectl get}: "final: 14 edges until
   * 2026-12-24T22:30:00Z" while one holds, "next: final from 2026-12-24T19:50:00Z" before.
   */
  static ScheduleStatus schedule(ScheduleOutlook outlook) {
    if (outlook.active().isEmpty() && outlook.next().isEmpty()) {
      return null;
    }
    ScheduleStatus status = new ScheduleStatus();
    outlook
        .active()
        .ifPresent(
            active -> {
              status.setActive(active.name());
              status.setActiveEdges(outlook.activeEdges());
              status.setActiveUntil(time(active.holdUntil()));
            });
    outlook
        .next()
        .ifPresent(
            next -> {
              status.setNext(next.name());
              status.setNextFrom(time(next.holdFrom()));
            });
    if (outlook.active().isPresent()) {
      CapacitySchedule active = outlook.active().get();
      status.setSummary(
          active.name()
              + ": "
              + outlook.activeEdges()
              + (outlook.activeEdges() == 1 ? " edge" : " edges")
              + " until "
              + time(active.holdUntil()));
    } else {
      CapacitySchedule next = outlook.next().orElseThrow();
      status.setSummary("next: " + next.name() + " from " + time(next.holdFrom()));
    }
    return status;
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * As an HPA's: whether the autoscaler can change the edges. False when carrying out a decision
   * failed; true otherwise, saying whether it just did, or is held back by a stabilization window.
   */
  private static Condition ableToScale(
      List<Condition> before,
      Mode mode,
      Optional<ScalingOutcome> scaling,
      long generation,
      Instant now) {
    String type = StreamClusterStatus.ABLE_TO_SCALE;
    if (mode != Mode.Subscribers) {
      return notAutoscaling(before, type, mode, generation, now);
    }
    Optional<ScalingDecision> decision = scaling.flatMap(ScalingOutcome::decision);
    Optional<String> problem = scaling.flatMap(ScalingOutcome::problem);
    if (problem.isPresent() && decision.map(d -> d.subscribers().isPresent()).orElse(false)) {
      return Conditions.next(
          before, type, false, "FailedUpdateScale", problem.get(), generation, now);
    }
    if (decision.isEmpty()) {
      return Conditions.next(
          before,
          type,
          true,
          "ReadyForNewScale",
          "the autoscaler has not decided yet",
          generation,
          now);
    }
    ScalingDecision d = decision.get();
    String reason;
    if (d.changesEdges()) {
      reason = "SucceededRescale";
    } else if (d.reason() == Reason.Stabilized) {
      reason =
          d.recommendedEdges() < d.currentEdges() ? "ScaleDownStabilized" : "ScaleUpStabilized";
    } else {
      reason = "ReadyForNewScale";
    }
    return Conditions.next(before, type, true, reason, d.message(), generation, now);
  }

  /**
   * As an HPA's: whether the autoscaler can read what it scales on. False while the origins cannot
   * be read (or the cluster secret is missing), with the cause.
   */
  private static Condition scalingActive(
      List<Condition> before,
      Mode mode,
      Optional<ScalingOutcome> scaling,
      long generation,
      Instant now) {
    String type = StreamClusterStatus.SCALING_ACTIVE;
    if (mode != Mode.Subscribers) {
      return notAutoscaling(before, type, mode, generation, now);
    }
    Optional<ScalingDecision> decision = scaling.flatMap(ScalingOutcome::decision);
    if (decision.isEmpty()) {
      return Conditions.next(
          before,
          type,
          false,
          "AwaitingFirstSync",
          "the autoscaler has not read the subscribers yet",
          generation,
          now);
    }
    ScalingDecision d = decision.get();
    if (d.subscribers().isEmpty()) {
      return Conditions.next(
          before,
          type,
          false,
          "FailedGetSubscribers",
          scaling.flatMap(ScalingOutcome::problem).orElse(d.message()),
          generation,
          now);
    }
    Signals signals = d.signals();
    return Conditions.next(
        before,
        type,
        true,
        "ValidMetricFound",
        "the origins report %d subscribers and %d viewers waiting; %.1f joining per second"
            .formatted(
                d.subscribers().getAsLong(), signals.waitingViewers(), signals.joinRatePerSecond()),
        generation,
        now);
  }

  private static Condition notAutoscaling(
      List<Condition> before, String type, Mode mode, long generation, Instant now) {
    return Conditions.next(
        before,
        type,
        false,
        mode == Mode.External ? "ExternalScaling" : "AutoscalingOff",
        mode == Mode.External
            ? "the edges follow spec.edge.replicas, set through the scale subresource"
            : "the edges are fixed at spec.edge.replicas",
        generation,
        now);
  }

  private static Condition scalingLimited(
      List<Condition> before,
      Mode mode,
      Optional<ScalingOutcome> scaling,
      long generation,
      Instant now) {
    String type = StreamClusterStatus.SCALING_LIMITED;
    if (mode != Mode.Subscribers) {
      return notAutoscaling(before, type, mode, generation, now);
    }
    Optional<String> problem = scaling.flatMap(ScalingOutcome::problem);
    Optional<ScalingDecision> decision = scaling.flatMap(ScalingOutcome::decision);
    if (problem.isPresent()) {
      boolean unreadable = decision.map(d -> d.subscribers().isEmpty()).orElse(true);
      return Conditions.next(
          before,
          type,
          true,
          unreadable ? ScalingDecision.Reason.MetricsUnavailable.name() : "ScaleFailed",
          problem.get() + decision.map(d -> "; " + d.message()).orElse(""),
          generation,
          now);
    }
    if (decision.isEmpty()) {
      return Conditions.next(
          before,
          type,
          false,
          "AwaitingFirstSync",
          "the autoscaler has not decided yet",
          generation,
          now);
    }
    ScalingDecision d = decision.get();
    return Conditions.next(
        before,
        type,
        d.limited(),
        d.limited() ? d.reason().name() : "DesiredWithinRange",
        d.message(),
        generation,
        now);
  }

  private static Condition ready(
      List<Condition> before,
      Optional<Problem> problem,
      boolean originReady,
      boolean edgesReady,
      List<Condition> computed,
      long generation,
      Instant now) {
    String type = StreamClusterStatus.READY;
    if (problem.isPresent()) {
      return Conditions.next(
          before, type, false, problem.get().reason(), problem.get().message(), generation, now);
    }
    if (!originReady) {
      return Conditions.next(
          before,
          type,
          false,
          "OriginNotReady",
          Conditions.find(computed, StreamClusterStatus.ORIGIN_READY).orElseThrow().getMessage(),
          generation,
          now);
    }
    if (!edgesReady) {
      return Conditions.next(
          before,
          type,
          false,
          "EdgesNotReady",
          Conditions.find(computed, StreamClusterStatus.EDGES_READY).orElseThrow().getMessage(),
          generation,
          now);
    }
    return Conditions.next(
        before, type, true, "Ready", "origins and edges are ready", generation, now);
  }

  /**
   * Where publishers push: a load balancer's address once it has one, the Service's cluster DNS
   * name otherwise.
   */
  static String originEndpoint(ClusterNames names, Optional<Service> service) {
    return originEndpoint(names, service, ClusterNames.RTMP_PORT);
  }

  /** As {@link #originEndpoint(ClusterNames, Optional)}, on {@code port} (RTMPS with TLS). */
  static String originEndpoint(ClusterNames names, Optional<Service> service, int port) {
    Optional<String> external =
        service
            .filter(s -> s.getStatus() != null && s.getStatus().getLoadBalancer() != null)
            .flatMap(
                s ->
                    Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress())
                        .flatMap(list -> list.stream().findFirst()))
            .map(ClusterStatusModel::address);
    return external.orElse(names.originHost()) + ":" + port;
  }

  private static String address(LoadBalancerIngress ingress) {
    return ingress.getIp() != null && !ingress.getIp().isBlank()
        ? ingress.getIp()
        : ingress.getHostname();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
