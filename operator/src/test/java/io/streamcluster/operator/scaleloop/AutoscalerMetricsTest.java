package io.streamcluster.operator.scaleloop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingDecision.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoscalerMetricsTest {

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final AutoscalerMetrics metrics = new AutoscalerMetrics(registry);

  @Test
  void eachClustersInputsAndDecisionAreSeries() {
    ScalingDecision decision =
        new ScalingDecision(
            Instant.parse("2026-12-24T19:00:00Z"),
            14,
            OptionalLong.of(19_000),
            14,
            16,
            Reason.LimitedBySchedule,
            "schedule final holds 16 edges",
            new Signals(12, 75.5, Duration.ofSeconds(11), true, 15, Optional.of("final"), 16, 2));

    metrics.record(
        "uid-1",
        "video",
        "live",
        new ScalingOutcome(
            Optional.of(decision),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(15),
            OptionalLong.of(90),
            ScheduleOutlook.NONE));
    String text = registry.scrape();

    String labels = "{streamcluster=\"live\",streamcluster_namespace=\"video\"}";
    assertThat(text)
        .contains("streamcluster_autoscaler_subscribers" + labels + " 19000.0")
        .contains("streamcluster_autoscaler_waiting_viewers" + labels + " 12.0")
        .contains("streamcluster_autoscaler_join_rate" + labels + " 75.5")
        .contains("streamcluster_autoscaler_edge_startup_seconds" + labels + " 11.0")
        .contains("streamcluster_autoscaler_current_edges" + labels + " 14.0")
        .contains("streamcluster_autoscaler_recommended_edges" + labels + " 14.0")
        .contains("streamcluster_autoscaler_predicted_edges" + labels + " 15.0")
        .contains("streamcluster_autoscaler_scheduled_edges" + labels + " 16.0")
        .contains("streamcluster_autoscaler_desired_edges" + labels + " 16.0")
        .contains("streamcluster_autoscaler_pending_edges" + labels + " 2.0")
        .contains("streamcluster_autoscaler_origin_refusals" + labels + " 90.0")
        .contains(
            "streamcluster_autoscaler_decision{reason=\"LimitedBySchedule\",streamcluster=\"live\","
                + "streamcluster_namespace=\"video\"} 1.0")
        .contains(
            "streamcluster_autoscaler_decision{reason=\"ScaledUp\",streamcluster=\"live\","
                + "streamcluster_namespace=\"video\"} 0.0");
  }

  @Test
  void aDeletedClustersSeriesGo() {
    metrics.record(
        "uid-1",
        "video",
        "gone",
        new ScalingOutcome(
            Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(15)));

    metrics.retain(Set.of("uid-2"));

    assertThat(registry.scrape()).doesNotContain("streamcluster=\"gone\"");
  }
}
