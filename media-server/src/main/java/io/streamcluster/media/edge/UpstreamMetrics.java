package io.streamcluster.media.edge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** An edge's upstream pulls. */
public final class UpstreamMetrics implements MeterBinder {

  private final EdgePuller puller;

  public UpstreamMetrics(EdgePuller puller) {
    this.puller = puller;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("streamcluster.upstreams.active", puller, EdgePuller::activeUpstreams)
        .description("Streams this edge is pulling from an origin right now")
        .register(registry);
    FunctionCounter.builder("streamcluster.upstreams.reconnects", puller, EdgePuller::reconnects)
        .description("Upstream connections made again after one dropped")
        .register(registry);
    FunctionCounter.builder("streamcluster.upstreams.failovers", puller, EdgePuller::failovers)
        .description("Upstreams moved to another origin")
        .register(registry);
  }
}
