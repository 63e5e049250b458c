package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Capacity held for a known event: from {@code leadSeconds} before {@code start} until {@code end},
 * at least {@code minEdges} edges, or room for {@code viewers} at the target per edge.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.minEdges) != has(self.viewers)",
    message = "a schedule holds either minEdges or viewers",
    reason = "FieldValueInvalid")
public class CapacityScheduleSpec {

  /** A date and a time to the minute or second, with an offset or {@code Z}, or without. */
  static final String DATE_TIME =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?$";

  public static final int DEFAULT_LEAD_SECONDS = 600;

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The schedule's name, as status and events call it.")
  private String name;

  @Required
  @Size(max = 32)
  @Pattern(DATE_TIME)
  @JsonPropertyDescription(
      "When the event starts: a local time in timeZone (2026-12-24T20:00), or with an offset"
          + " (2026-12-24T20:00:00+01:00, ...Z).")
  private String start;

  @Required
  @Size(max = 32)
  @Pattern(DATE_TIME)
  @JsonPropertyDescription(
      "When the hold ends, in the same form; set it a little after the event's end. The"
          + " autoscaler's usual scale-in follows.")
  private String end;

  @Size(min = 1, max = 64)
  @Default("UTC")
  @JsonPropertyDescription(
      "IANA time zone of start and end when they have no offset (Europe/Berlin); UTC when absent."
          + " Around a clock change the hold errs on the long side.")
  private String timeZone = "UTC";

  @Min(0)
  @Max(86400)
  @Default("" + DEFAULT_LEAD_SECONDS)
  @JsonPropertyDescription(
      "Seconds before start from which the edges are held: longer than the edges take to start,"
          + " new nodes included.")
  private Integer leadSeconds = DEFAULT_LEAD_SECONDS;

  @Min(1)
  @Max(AutoscalingSpec.MAX_EDGES_LIMIT)
  @JsonPropertyDescription("Edges to hold at least (or viewers).")
  private Integer minEdges;

  @Min(1)
  @Max(100_000_000)
  @JsonPropertyDescription(
      "Viewers to hold room for, at targetSubscribersPerEdge per edge (or minEdges).")
  private Long viewers;

  public CapacityScheduleSpec() {}

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getEnd() {
    return end;
  }

  public void setEnd(String end) {
    this.end = end;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Integer getLeadSeconds() {
    return leadSeconds;
  }

  public void setLeadSeconds(Integer leadSeconds) {
    this.leadSeconds = leadSeconds;
  }

  public Integer getMinEdges() {
    return minEdges;
  }

  public void setMinEdges(Integer minEdges) {
    this.minEdges = minEdges;
  }

  public Long getViewers() {
    return viewers;
  }

  public void setViewers(Long viewers) {
    this.viewers = viewers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacityScheduleSpec that
        && Objects.equals(name, that.name)
        && Objects.equals(start, that.start)
        && Objects.equals(end, that.end)
        && Objects.equals(timeZone, that.timeZone)
        && Objects.equals(leadSeconds, that.leadSeconds)
        && Objects.equals(minEdges, that.minEdges)
        && Objects.equals(viewers, that.viewers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, start, end, timeZone, leadSeconds, minEdges, viewers);
  }
}
