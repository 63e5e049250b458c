package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.streamcluster.media.ClusterDefaults;
import java.util.List;
import java.util.Objects;

/**
 * How the edges scale. In mode {@code Subscribers} the operator runs the HorizontalPodAutoscaler
 * algorithm on the subscriber counts the edges report, with the same {@code behavior} an
 * autoscaling/v2 HPA takes; {@code schedules} hold capacity for known events and {@code overflow}
 * says what the origins' rotation does when the edges are full.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minEdges <= self.maxEdges",
    message = "minEdges must not exceed maxEdges",
    fieldPath = ".minEdges",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.schedules) || self.schedules.all(a, self.schedules.exists_one(b, b.name =="
            + " a.name))",
    message = "schedule names must be unique",
    fieldPath = ".schedules",
    // FieldValueDuplicate would replace the message with the API server's "Duplicate value"
    reason = "FieldValueInvalid")
public class AutoscalingSpec {

  /** Who sets the number of edges. */
  public enum Mode {
    /** The operator, from the subscriber counts the edges report. */
    Subscribers,
    /** Someone else through the scale subresource: an HPA, KEDA or {@code kubectl scale}. */
    External,
    /** Nobody: {@code spec.edge.replicas} as written. */
    Off
  }

  static final int MAX_EDGES_LIMIT = 1000;
  static final int MAX_SCHEDULES = 32;

  public static final int DEFAULT_MIN_EDGES = 2;
  public static final int DEFAULT_MAX_EDGES = 50;

  @Default("Subscribers")
  @JsonPropertyDescription(
      "Subscribers (built-in autoscaler), External (scale subresource) or Off.")
  private Mode mode = Mode.Subscribers;

  @Min(1)
  @Max(MAX_EDGES_LIMIT)
  @Default("" + DEFAULT_MIN_EDGES)
  @JsonPropertyDescription("The autoscaler never asks for fewer edges.")
  private Integer minEdges = DEFAULT_MIN_EDGES;

  @Min(1)
  @Max(MAX_EDGES_LIMIT)
  @Default("" + DEFAULT_MAX_EDGES)
  @JsonPropertyDescription("The autoscaler never asks for more edges.")
  private Integer maxEdges = DEFAULT_MAX_EDGES;

  @Min(1)
  @Max(EdgeSpec.MAX_SUBSCRIBERS_LIMIT)
  @Default("" + ClusterDefaults.TARGET_SUBSCRIBERS_PER_EDGE)
  @JsonPropertyDescription(
      "Average subscribers per edge the autoscaler aims at; at most edge.maxSubscribers.")
  private Integer targetSubscribersPerEdge = ClusterDefaults.TARGET_SUBSCRIBERS_PER_EDGE;

  @JsonPropertyDescription(
      "Scaling behavior, as in an autoscaling/v2 HorizontalPodAutoscaler; HPA's defaults when"
          + " absent.")
  private ScalingBehaviorSpec behavior;

  @Size(max = MAX_SCHEDULES)
  @JsonPropertyDescription(
      "Capacity held for known events (mode Subscribers): from before each start until its end, at"
          + " least minEdges edges or room for viewers.")
  private List<CapacityScheduleSpec> schedules;

  @JsonPropertyDescription(
      "What the origins' rotation does once edges reach the target: how far it fills them, and how"
          + " long it holds a viewer when all are full and new edges are on their way.")
  private OverflowSpec overflow;

  @Min(0)
  @Max(86400)
  @Default("" + ClusterDefaults.DRAIN_TIMEOUT_SECONDS)
  @JsonPropertyDescription(
      "How long an edge taken out of rotation waits for its subscribers to leave before it stops.")
  private Integer drainTimeoutSeconds = ClusterDefaults.DRAIN_TIMEOUT_SECONDS;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getMinEdges() {
    return minEdges;
  }

  public void setMinEdges(Integer minEdges) {
    this.minEdges = minEdges;
  }

  public Integer getMaxEdges() {
    return maxEdges;
  }

  public void setMaxEdges(Integer maxEdges) {
    this.maxEdges = maxEdges;
  }

  public Integer getTargetSubscribersPerEdge() {
    return targetSubscribersPerEdge;
  }

  public void setTargetSubscribersPerEdge(Integer targetSubscribersPerEdge) {
    this.targetSubscribersPerEdge = targetSubscribersPerEdge;
  }

  public ScalingBehaviorSpec getBehavior() {
    return behavior;
  }

  public void setBehavior(ScalingBehaviorSpec behavior) {
    this.behavior = behavior;
  }

  public List<CapacityScheduleSpec> getSchedules() {
    return schedules;
  }

  public void setSchedules(List<CapacityScheduleSpec> schedules) {
    this.schedules = schedules;
  }

  public OverflowSpec getOverflow() {
    return overflow;
  }

  public void setOverflow(OverflowSpec overflow) {
    this.overflow = overflow;
  }

  public Integer getDrainTimeoutSeconds() {
    return drainTimeoutSeconds;
  }

  public void setDrainTimeoutSeconds(Integer drainTimeoutSeconds) {
    this.drainTimeoutSeconds = drainTimeoutSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AutoscalingSpec that
        && mode == that.mode
        && Objects.equals(minEdges, that.minEdges)
        && Objects.equals(maxEdges, that.maxEdges)
        && Objects.equals(targetSubscribersPerEdge, that.targetSubscribersPerEdge)
        && Objects.equals(behavior, that.behavior)
        && Objects.equals(schedules, that.schedules)
        && Objects.equals(overflow, that.overflow)
        && Objects.equals(drainTimeoutSeconds, that.drainTimeoutSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        mode,
        minEdges,
        maxEdges,
        targetSubscribersPerEdge,
        behavior,
        schedules,
        overflow,
        drainTimeoutSeconds);
  }
}
