package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * The shape of autoscaling/v2 {@code HorizontalPodAutoscalerBehavior}, field for field, so that a
 * behavior written for an HPA can be pasted here; declared in this API (not reused from the
 * Kubernetes model) so the CRD validates it as strictly as the HPA API does. One field goes beyond
 * HPA: {@code scaleUp.predictive}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.scaleDown) || !has(self.scaleDown.predictive)",
    message = "predictive applies to scaleUp only: scale-in stays as HPA's",
    fieldPath = ".scaleDown.predictive",
    reason = "FieldValueForbidden")
public class ScalingBehaviorSpec {

  @JsonPropertyDescription(
      "Rules for scaling up; HPA's default when absent: no stabilization, the larger of 100% and"
          + " 4 pods per 15 s.")
  private ScalingRulesSpec scaleUp;

  @JsonPropertyDescription(
      "Rules for scaling down; HPA's default when absent: 300 s stabilization, 100% per 15 s.")
  private ScalingRulesSpec scaleDown;

  public ScalingRulesSpec getScaleUp() {
    return scaleUp;
  }

  public void setScaleUp(ScalingRulesSpec scaleUp) {
    this.scaleUp = scaleUp;
  }

  public ScalingRulesSpec getScaleDown() {
    return scaleDown;
  }

  public void setScaleDown(ScalingRulesSpec scaleDown) {
    this.scaleDown = scaleDown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingBehaviorSpec that
        && Objects.equals(scaleUp, that.scaleUp)
        && Objects.equals(scaleDown, that.scaleDown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scaleUp, scaleDown);
  }
}
