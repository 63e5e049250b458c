package io.streamcluster.media.origin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.IntSupplier;

/**
 * What the rotation did when the edges were full: viewers turned away, viewers waiting now, and the
 * edges the scaling loop said are on their way.
 */
public final class RotationMetrics implements MeterBinder {

  private final EdgeFleet fleet;
  private final IntSupplier waitingViewers;

  public RotationMetrics(EdgeFleet fleet, IntSupplier waitingViewers) {
    this.fleet = fleet;
    this.waitingViewers = waitingViewers;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("streamcluster.cluster.refusals", fleet, EdgeFleet::refusals)
        .description("Viewers answered 503 (with Retry-After) because no edge had room")
        .register(registry);
    Gauge.builder("streamcluster.cluster.waiting.viewers", waitingViewers, IntSupplier::getAsInt)
        .description("Viewers whose request for an edge is held until one has room")
        // the supplier is a method reference nothing else holds: a weak one would be collected
        .strongReference(true)
        .register(registry);
    Gauge.builder("streamcluster.cluster.pending.edges", fleet, f -> f.advice().pendingEdges())
        .description("Edges the scaling loop asked for that have not checked in yet")
        .register(registry);
  }
}
