package io.streamcluster.media.origin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcluster.media.clusterapi.EdgeState;

/** An origin's view of its edges: how many in each state, and their players (what scales). */
public final class FleetMetrics implements MeterBinder {

  private final EdgeFleet fleet;

  public FleetMetrics(EdgeFleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (EdgeState state : EdgeState.values()) {
      Gauge.builder(
              "streamcluster.cluster.edges",
              fleet,
              f -> f.edges().stream().filter(e -> e.state() == state).count())
          .description("Edges known to this origin, by state")
          .tag("state", state.json())
          .register(registry);
    }
    Gauge.builder("streamcluster.cluster.subscribers", fleet, EdgeFleet::subscribers)
        .description("Players on the edges that check in with this origin")
        .register(registry);
  }
}
