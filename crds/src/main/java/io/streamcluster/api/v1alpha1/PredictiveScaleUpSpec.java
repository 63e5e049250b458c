package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Scaling up for where the load will be once new edges have started: beyond HPA, so it lives in
 * {@code behavior.scaleUp} (the one direction it changes) and is off unless enabled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PredictiveScaleUpSpec {

  public static final int DEFAULT_EDGE_STARTUP_SECONDS = 30;

  @Default("false")
  @JsonPropertyDescription(
      "Ask for the edges the join rate will need once new edges are ready, with room for one more"
          + " start-up time of joins. Off: HPA's algorithm as it is.")
  private Boolean enabled = false;

  @Min(0)
  @Max(3600)
  @Default("" + DEFAULT_EDGE_STARTUP_SECONDS)
  @JsonPropertyDescription(
      "Seconds from a scale-up to the new edges checking in, assumed until the operator has"
          + " measured it.")
  private Integer edgeStartupSeconds = DEFAULT_EDGE_STARTUP_SECONDS;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getEdgeStartupSeconds() {
    return edgeStartupSeconds;
  }

  public void setEdgeStartupSeconds(Integer edgeStartupSeconds) {
    this.edgeStartupSeconds = edgeStartupSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictiveScaleUpSpec that
        && Objects.equals(enabled, that.enabled)
        && Objects.equals(edgeStartupSeconds, that.edgeStartupSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, edgeStartupSeconds);
  }
}
