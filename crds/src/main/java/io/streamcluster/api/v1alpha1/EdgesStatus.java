package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.Objects;

/** The edges as observed; {@code replicas} and {@code selector} back the scale subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EdgesStatus {

  @StatusReplicas
  @JsonPropertyDescription("Edge pods that exist.")
  private Integer replicas;

  @JsonPropertyDescription("Edge pods that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Edges the autoscaler asked for at its last decision.")
  private Integer desiredReplicas;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the edge pods, in its string form (for an HPA).")
  private String selector;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdgesStatus that
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(desiredReplicas, that.desiredReplicas)
        && Objects.equals(selector, that.selector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, readyReplicas, desiredReplicas, selector);
  }
}
