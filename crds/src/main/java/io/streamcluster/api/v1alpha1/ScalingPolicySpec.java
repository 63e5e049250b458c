package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** The shape of autoscaling/v2 {@code HPAScalingPolicy}: one limit on change per period. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingPolicySpec {

  /** What {@code value} counts. */
  public enum Type {
    /** A number of edges. */
    Pods,
    /** A percentage of the edges at the start of the period. */
    Percent
  }

  @Required
  @JsonPropertyDescription("Pods or Percent.")
  private Type type;

  @Required
  @Min(1)
  @JsonPropertyDescription("How many edges (Pods) or what percentage (Percent) per period.")
  private Integer value;

  @Required
  @Min(1)
  @Max(1800)
  @JsonPropertyDescription("The length of the period, in seconds.")
  private Integer periodSeconds;

  public ScalingPolicySpec() {}

  public ScalingPolicySpec(Type type, int value, int periodSeconds) {
    this.type = type;
    this.value = value;
    this.periodSeconds = periodSeconds;
  }

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public Integer getValue() {
    return value;
  }

  public void setValue(Integer value) {
    this.value = value;
  }

  public Integer getPeriodSeconds() {
    return periodSeconds;
  }

  public void setPeriodSeconds(Integer periodSeconds) {
    this.periodSeconds = periodSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingPolicySpec that
        && type == that.type
        && Objects.equals(value, that.value)
        && Objects.equals(periodSeconds, that.periodSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, value, periodSeconds);
  }
}
