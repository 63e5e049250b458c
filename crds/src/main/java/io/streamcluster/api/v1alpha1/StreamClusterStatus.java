package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed, by Kubernetes conventions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamClusterStatus {

  /** Condition types the operator maintains. */
  public static final String READY = "Ready";

  public static final String ORIGIN_READY = "OriginReady";
  public static final String EDGES_READY = "EdgesReady";
  public static final String SCALING_LIMITED = "ScalingLimited";

  /** Whether every scheduled edge has the address its advertise mode promises to viewers. */
  public static final String EDGES_REACHABLE = "EdgesReachable";

  /** As an HPA's: whether the edges can be read and changed, and whether the load can be read. */
  public static final String ABLE_TO_SCALE = "AbleToScale";

  public static final String SCALING_ACTIVE = "ScalingActive";

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, OriginReady, EdgesReady, EdgesReachable, and as an HPA has them AbleToScale,"
          + " ScalingActive and ScalingLimited.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "host:port publishers push to: the RTMP port, or the RTMPS port when spec.tls is set.")
  private String originEndpoint;

  @JsonPropertyDescription("The origin's GET /cluster URL that hands out edges round-robin.")
  private String clusterUrl;

  @JsonPropertyDescription("The edges' Deployment as the operator saw it.")
  private EdgesStatus edges;

  @JsonPropertyDescription("Subscribers over all edges at the last reading.")
  private Long subscribers;

  @JsonPropertyDescription("When the autoscaler last changed the number of edges (RFC 3339).")
  private String lastScaleTime;

  @JsonPropertyDescription(
      "Viewers the origins turned away (503 from /cluster and /api/v1/edges/next: every edge"
          + " full), counted by the origins since they started.")
  private Long refusedRequests;

  @JsonPropertyDescription("The autoscaler's inputs beyond the subscribers (mode Subscribers).")
  private ScalingStatus scaling;

  @JsonPropertyDescription(
      "The capacity schedules: the active one and the next (mode Subscribers).")
  private ScheduleStatus schedule;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getOriginEndpoint() {
    return originEndpoint;
  }

  public void setOriginEndpoint(String originEndpoint) {
    this.originEndpoint = originEndpoint;
  }

  public String getClusterUrl() {
    return clusterUrl;
  }

  public void setClusterUrl(String clusterUrl) {
    this.clusterUrl = clusterUrl;
  }

  public EdgesStatus getEdges() {
    return edges;
  }

  public void setEdges(EdgesStatus edges) {
    this.edges = edges;
  }

  public Long getSubscribers() {
    return subscribers;
  }

  public void setSubscribers(Long subscribers) {
    this.subscribers = subscribers;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public void setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
  }

  public Long getRefusedRequests() {
    return refusedRequests;
  }

  public void setRefusedRequests(Long refusedRequests) {
    this.refusedRequests = refusedRequests;
  }

  public ScalingStatus getScaling() {
    return scaling;
  }

  public void setScaling(ScalingStatus scaling) {
    this.scaling = scaling;
  }

  public ScheduleStatus getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleStatus schedule) {
    this.schedule = schedule;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamClusterStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(originEndpoint, that.originEndpoint)
        && Objects.equals(clusterUrl, that.clusterUrl)
        && Objects.equals(edges, that.edges)
        && Objects.equals(subscribers, that.subscribers)
        && Objects.equals(lastScaleTime, that.lastScaleTime)
        && Objects.equals(refusedRequests, that.refusedRequests)
        && Objects.equals(scaling, that.scaling)
        && Objects.equals(schedule, that.schedule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        originEndpoint,
        clusterUrl,
        edges,
        subscribers,
        lastScaleTime,
        refusedRequests,
        scaling,
        schedule);
  }
}
