package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** The shape of autoscaling/v2 {@code HPAScalingRules}: how fast one direction may go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingRulesSpec {

  /** Which policy wins when several allow different changes. */
  public enum SelectPolicy {
    /** The policy that allows the largest change. */
    Max,
    /** The policy that allows the smallest change. */
    Min,
    /** No scaling in this direction. */
    Disabled
  }

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription(
      "Seconds of past recommendations to consider: scale up to the lowest, down to the highest"
          + " within the window. Defaults: 0 up, 300 down.")
  private Integer stabilizationWindowSeconds;

  @JsonPropertyDescription("Max (default), Min or Disabled.")
  private SelectPolicy selectPolicy;

  @Size(min = 1, max = 10)
  @JsonPropertyDescription("How much may change per period; HPA's defaults when absent.")
  private List<ScalingPolicySpec> policies;

  // beyond HPA's HPAScalingRules: an HPA behavior still pastes here unchanged
  @JsonPropertyDescription(
      "scaleUp only: scale up for the load expected when new edges are ready (join rate ×"
          + " measured start-up time). Not part of an HPA's behavior; off when absent.")
  private PredictiveScaleUpSpec predictive;

  public Integer getStabilizationWindowSeconds() {
    return stabilizationWindowSeconds;
  }

  public void setStabilizationWindowSeconds(Integer stabilizationWindowSeconds) {
    this.stabilizationWindowSeconds = stabilizationWindowSeconds;
  }

  public SelectPolicy getSelectPolicy() {
    return selectPolicy;
  }

  public void setSelectPolicy(SelectPolicy selectPolicy) {
    this.selectPolicy = selectPolicy;
  }

  public List<ScalingPolicySpec> getPolicies() {
    return policies;
  }

  public void setPolicies(List<ScalingPolicySpec> policies) {
    this.policies = policies;
  }

  public PredictiveScaleUpSpec getPredictive() {
    return predictive;
  }

  public void setPredictive(PredictiveScaleUpSpec predictive) {
    this.predictive = predictive;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingRulesSpec that
        && Objects.equals(stabilizationWindowSeconds, that.stabilizationWindowSeconds)
        && selectPolicy == that.selectPolicy
        && Objects.equals(policies, that.policies)
        && Objects.equals(predictive, that.predictive);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stabilizationWindowSeconds, selectPolicy, policies, predictive);
  }
}
