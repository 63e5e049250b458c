package io.streamcluster.operator.scaleloop;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingDecision.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The autoscaler's inputs and decisions as the operator's metrics, one series per StreamCluster
 * (labels {@code streamcluster_namespace}, {@code streamcluster}), so that a dashboard shows why it
 * did what it did: subscribers, waiting viewers, join rate, measured edge start-up, the edges there
 * are, the load asks for, the join rate predicts and a schedule holds, the edges it asked for and
 * those on their way, the viewers the origins turned away, and the reason of the last decision (1
 * for it, 0 for the others; the {@code LimitedBy...} reasons say what limited it).
 */
public final class AutoscalerMetrics {

  private static final String PREFIX = "streamcluster.autoscaler.";
  private static final double NONE = Double.NaN;

  private final MeterRegistry registry;
  private final Map<String, Series> clusters = new ConcurrentHashMap<>();

  public AutoscalerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Where the loop stands for the StreamCluster with {@code uid}. */
  public void record(String uid, String namespace, String name, ScalingOutcome outcome) {
    clusters
        .computeIfAbsent(
            uid,
            key -> new Series(Tags.of("streamcluster_namespace", namespace, "streamcluster", name)))
        .outcome
        .set(outcome);
  }

  /** Drops the series of the clusters that no longer exist. */
  public void retain(Set<String> existing) {
    clusters
        .entrySet()
        .removeIf(
            entry -> {
              if (existing.contains(entry.getKey())) {
                return false;
              }
              entry.getValue().meters.forEach(registry::remove);
              return true;
            });
  }

  /** One cluster's gauges, reading its latest outcome. */
  private final class Series {
    final AtomicReference<ScalingOutcome> outcome = new AtomicReference<>();
    final List<Meter> meters = new ArrayList<>();

    Series(Tags tags) {
      decision(
          "subscribers",
          "Subscribers on the edges at the last reading",
          tags,
          d -> d.subscribers().isPresent() ? d.subscribers().getAsLong() : NONE);
      signal(
          "waiting.viewers",
          "Viewers the origins held for an edge with room",
          tags,
          Signals::waitingViewers);
      signal(
          "join.rate",
          "Viewers joining per second over the last sync periods",
          tags,
          Signals::joinRatePerSecond);
      signal(
          "edge.startup.seconds",
          "Seconds from a scale-up to the new edges checking in (measured, else assumed)",
          tags,
          s -> s.edgeStartup().toMillis() / 1000.0);
      decision(
          "current.edges",
          "Edges there were when the autoscaler decided",
          tags,
          ScalingDecision::currentEdges);
      decision(
          "recommended.edges",
          "Edges the load asks for, before stabilization, policies and bounds",
          tags,
          ScalingDecision::recommendedEdges);
      signal(
          "predicted.edges",
          "Edges the join rate asks for once new edges are ready (predictive only)",
          tags,
          Signals::predictedEdges);
      signal(
          "scheduled.edges", "Edges a capacity schedule holds now", tags, Signals::scheduledEdges);
      decision(
          "desired.edges", "Edges the autoscaler asked for", tags, ScalingDecision::desiredEdges);
      signal(
          "pending.edges",
          "Edges asked for that have not checked in yet",
          tags,
          Signals::pendingEdges);
      meters.add(
          Gauge.builder(
                  PREFIX + "origin.refusals",
                  outcome,
                  o -> {
                    ScalingOutcome current = o.get();
                    return current == null || current.refusedRequests().isEmpty()
                        ? NONE
                        : current.refusedRequests().getAsLong();
                  })
              .description(
                  "Viewers the origins turned away since they started (503: every edge full)")
              .tags(tags)
              .register(registry));
      for (Reason reason : Reason.values()) {
        meters.add(
            Gauge.builder(
                    PREFIX + "decision",
                    outcome,
                    o -> lastDecision(o).map(d -> d.reason() == reason ? 1.0 : 0.0).orElse(0.0))
                .description(
                    "1 for the reason of the last decision; LimitedBy... says what limited it")
                .tags(tags.and("reason", reason.name()))
                .register(registry));
      }
    }

    private void decision(
        String name, String description, Tags tags, ToDoubleFunction<ScalingDecision> value) {
      meters.add(
          Gauge.builder(
                  PREFIX + name,
                  outcome,
                  o -> lastDecision(o).map(value::applyAsDouble).orElse(NONE))
              .description(description)
              .tags(tags)
              .register(registry));
    }

    private void signal(
        String name, String description, Tags tags, ToDoubleFunction<Signals> value) {
      decision(name, description, tags, d -> value.applyAsDouble(d.signals()));
    }
  }

  private static Optional<ScalingDecision> lastDecision(AtomicReference<ScalingOutcome> outcome) {
    ScalingOutcome current = outcome.get();
    return current == null ? Optional.empty() : current.decision();
  }
}
