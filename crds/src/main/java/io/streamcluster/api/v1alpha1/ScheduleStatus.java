package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The capacity schedules as of the last reconcile: the one holding edges now and the next one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {

  @JsonPropertyDescription("The schedule holding edges now.")
  private String active;

  @JsonPropertyDescription("The edges it holds (within maxEdges).")
  private Integer activeEdges;

  @JsonPropertyDescription("When its hold ends (RFC 3339).")
  private String activeUntil;

  @JsonPropertyDescription("The schedule whose hold begins next.")
  private String next;

  @JsonPropertyDescription("When its hold begins: leadSeconds before its start (RFC 3339).")
  private String nextFrom;

  @JsonPropertyDescription(
      "One line for kubectl get: the active schedule and its end, else the next and its begin.")
  private String summary;

  public String getActive() {
    return active;
  }

  public void setActive(String active) {
    this.active = active;
  }

  public Integer getActiveEdges() {
    return activeEdges;
  }

  public void setActiveEdges(Integer activeEdges) {
    this.activeEdges = activeEdges;
  }

  public String getActiveUntil() {
    return activeUntil;
  }

  public void setActiveUntil(String activeUntil) {
    this.activeUntil = activeUntil;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }

  public String getNextFrom() {
    return nextFrom;
  }

  public void setNextFrom(String nextFrom) {
    this.nextFrom = nextFrom;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduleStatus that
        && Objects.equals(active, that.active)
        && Objects.equals(activeEdges, that.activeEdges)
        && Objects.equals(activeUntil, that.activeUntil)
        && Objects.equals(next, that.next)
        && Objects.equals(nextFrom, that.nextFrom)
        && Objects.equals(summary, that.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(active, activeEdges, activeUntil, next, nextFrom, summary);
  }
}
