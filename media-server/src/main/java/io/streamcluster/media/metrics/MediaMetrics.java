package io.streamcluster.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.streamcluster.media.limits.Refusals;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.PlaybackCounters;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The media server's Prometheus metrics: publishers, players in total and per stream, bytes in and
 * out, frames skipped for slow players, slow players dropped, connections refused by reason. The
 * data path reports to it; a role's own meters (an edge's upstreams, an origin's fleet) are {@link
 * io.micrometer.core.instrument.binder.MeterBinder}s of that role, bound to {@link #registry()}.
 */
public final class MediaMetrics implements StreamListener, PlaybackCounters, Refusals {

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
    Gauge.builder("streamcluster.gop.cache.bytes", streams, StreamRegistry::gopCacheBytes)
        .description("Media bytes held by the GOP caches of all streams")
        .baseUnit("bytes")
        .register(registry);
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
      ByteBufAllocatorMetric buffers = provider.metric();
      Gauge.builder(
              "streamcluster.buffer.memory", buffers, ByteBufAllocatorMetric::usedDirectMemory)
          .description("Memory Netty's buffer allocator holds")
          .tag("kind", "direct")
          .baseUnit("bytes")
          .register(registry);
      Gauge.builder("streamcluster.buffer.memory", buffers, ByteBufAllocatorMetric::usedHeapMemory)
          .description("Memory Netty's buffer allocator holds")
          .tag("kind", "heap")
          .baseUnit("bytes")
          .register(registry);
    }
    Gauge.builder("streamcluster.publishers", streams, StreamRegistry::publisherCount)
        .description("Streams with a source right now")
        .register(registry);
    Gauge.builder("streamcluster.subscribers", streams, StreamRegistry::subscriberCount)
        .description("Players attached to any stream")
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
  @Override
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
