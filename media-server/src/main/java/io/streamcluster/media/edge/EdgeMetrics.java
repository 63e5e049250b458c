package io.streamcluster.media.edge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.BooleanSupplier;

/** An edge's capacity and draining state, the figures the origin's rotation works with. */
public final class EdgeMetrics implements MeterBinder {

  private final int capacity;
  private final BooleanSupplier draining;

  public EdgeMetrics(int capacity, BooleanSupplier draining) {
    this.capacity = capacity;
    this.draining = draining;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("streamcluster.edge.capacity", () -> capacity)
        .description("Players this edge accepts at most")
        .register(registry);
    Gauge.builder("streamcluster.edge.draining", () -> draining.getAsBoolean() ? 1 : 0)
        .description("1 while this edge drains (takes no new players)")
        .register(registry);
  }
}
