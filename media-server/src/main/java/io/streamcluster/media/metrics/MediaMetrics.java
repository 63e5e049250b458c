package io.streamcluster.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.PlaybackCounters;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The media server's Prometheus metrics: publishers, players in total and per stream, bytes in and
 * out, frames skipped for slow players, slow players dropped, connections refused by reason.
 */
public final class MediaMetrics implements StreamListener, PlaybackCounters {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter framesSkipped;
  private final Counter slowSubscribersDropped;
  private final Map<LiveStream, Meter.Id> streamGauges = new ConcurrentHashMap<>();

  public MediaMetrics() {
    bytesIn =
        Counter.builder("streamcluster.ingest.bytes")
            .description("Media bytes received from publishers and upstreams")
            .register(registry);
    bytesOut =
        Counter.builder("streamcluster.egress.bytes")
            .description("Bytes sent to players")
            .register(registry);
    framesSkipped =
        Counter.builder("streamcluster.frames.skipped")
            .description("Frames not sent to slow players, who resume at the next keyframe")
            .register(registry);
    slowSubscribersDropped =
        Counter.builder("streamcluster.subscribers.slow.dropped")
            .description("Players disconnected because they stayed behind for too long")
            .register(registry);
  }

  /** Registers the gauges that read the registry's live counts. */
  public void bind(StreamRegistry streams) {
    Gauge.builder("streamcluster.publishers", streams, StreamRegistry::publisherCount)
        .description("Streams with a source right now")
        .register(registry);
    Gauge.builder("streamcluster.subscribers", streams, StreamRegistry::subscriberCount)
        .description("Players attached to any stream")
        .register(registry);
  }

  /** An edge's capacity and draining state, the figures the origin's rotation works with. */
  public void bindEdge(int capacity, java.util.function.BooleanSupplier draining) {
    Gauge.builder("streamcluster.edge.capacity", () -> capacity)
        .description("Players this edge accepts at most")
        .register(registry);
    Gauge.builder("streamcluster.edge.draining", () -> draining.getAsBoolean() ? 1 : 0)
        .description("1 while this edge drains (takes no new players)")
        .register(registry);
  }

  /** An edge's upstream pulls. */
  public void bindUpstreams(EdgePuller puller) {
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

  /** An origin's view of its edges. */
  public void bindFleet(EdgeFleet fleet) {
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

  @Override
  public void streamCreated(LiveStream stream) {
    Gauge gauge =
        Gauge.builder("streamcluster.stream.subscribers", stream, LiveStream::subscriberCount)
            .description("Players attached to one stream")
            .tags(Tags.of("stream", stream.name()))
            .register(registry);
    streamGauges.put(stream, gauge.getId());
  }

  @Override
  public void streamRemoved(LiveStream stream) {
    Meter.Id id = streamGauges.remove(stream);
    if (id != null) {
      registry.remove(id);
    }
  }

  public void bytesIn(long bytes) {
    bytesIn.increment(bytes);
  }

  @Override
  public void bytesOut(long bytes) {
    bytesOut.increment(bytes);
  }

  /** Bytes sent to players since start. */
  public double bytesOutTotal() {
    return bytesOut.count();
  }

  @Override
  public void framesSkipped(int frames) {
    framesSkipped.increment(frames);
  }

  @Override
  public void slowSubscriberDropped() {
    slowSubscribersDropped.increment();
  }

  /** A connection, publish or play refused; {@code reason} is a short fixed word. */
  public void refused(String reason) {
    Counter.builder("streamcluster.connections.refused")
        .description("Connections, publishes and plays refused")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
