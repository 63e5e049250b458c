package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the autoscaler looked at in its last decision beyond the subscribers (mode Subscribers). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingStatus {

  @JsonPropertyDescription("Viewers joining per second over the last sync periods.")
  private Double joinRatePerSecond;

  @JsonPropertyDescription("Viewers the origins held for an edge with room at the last reading.")
  private Long waitingViewers;

  @JsonPropertyDescription(
      "Seconds from a scale-up to the new edges checking in: measured, or the assumption until"
          + " then (edgeStartupMeasured).")
  private Integer edgeStartupSeconds;

  @JsonPropertyDescription("Whether edgeStartupSeconds was measured.")
  private Boolean edgeStartupMeasured;

  @JsonPropertyDescription(
      "Edges the join rate asks for once new edges are ready (predictive scale-up only).")
  private Integer predictedEdges;

  @JsonPropertyDescription("Edges asked for that have not checked in yet.")
  private Integer pendingEdges;

  public Double getJoinRatePerSecond() {
    return joinRatePerSecond;
  }

  public void setJoinRatePerSecond(Double joinRatePerSecond) {
    this.joinRatePerSecond = joinRatePerSecond;
  }

  public Long getWaitingViewers() {
    return waitingViewers;
  }

  public void setWaitingViewers(Long waitingViewers) {
    this.waitingViewers = waitingViewers;
  }

  public Integer getEdgeStartupSeconds() {
    return edgeStartupSeconds;
  }

  public void setEdgeStartupSeconds(Integer edgeStartupSeconds) {
    this.edgeStartupSeconds = edgeStartupSeconds;
  }

  public Boolean getEdgeStartupMeasured() {
    return edgeStartupMeasured;
  }

  public void setEdgeStartupMeasured(Boolean edgeStartupMeasured) {
    this.edgeStartupMeasured = edgeStartupMeasured;
  }

  public Integer getPredictedEdges() {
    return predictedEdges;
  }

  public void setPredictedEdges(Integer predictedEdges) {
    this.predictedEdges = predictedEdges;
  }

  public Integer getPendingEdges() {
    return pendingEdges;
  }

  public void setPendingEdges(Integer pendingEdges) {
    this.pendingEdges = pendingEdges;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingStatus that
        && Objects.equals(joinRatePerSecond, that.joinRatePerSecond)
        && Objects.equals(waitingViewers, that.waitingViewers)
        && Objects.equals(edgeStartupSeconds, that.edgeStartupSeconds)
        && Objects.equals(edgeStartupMeasured, that.edgeStartupMeasured)
        && Objects.equals(predictedEdges, that.predictedEdges)
        && Objects.equals(pendingEdges, that.pendingEdges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        joinRatePerSecond,
        waitingViewers,
        edgeStartupSeconds,
        edgeStartupMeasured,
        predictedEdges,
        pendingEdges);
  }
}
