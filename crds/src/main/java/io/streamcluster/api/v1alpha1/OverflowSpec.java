package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * What the origins' rotation does when the edges reach their target: it hands out edges below the
 * target first, then, before anyone is turned away, fills them up to a limit; when every edge is at
 * that limit it holds a viewer while the cluster can still grow (edges on their way, or more may be
 * asked for), and otherwise (or when the hold runs out) answers 503 with a {@code Retry-After}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OverflowSpec {

  /** How far the rotation fills an edge once every edge carries the target. */
  public enum Limit {
    /** Up to {@code edge.maxSubscribers}, the edges' hard cap. */
    MaxSubscribers,
    /** Not beyond {@code targetSubscribersPerEdge}: viewers wait for new edges instead. */
    Target
  }

  public static final int DEFAULT_HOLD_SECONDS = 8;

  @Default("MaxSubscribers")
  @JsonPropertyDescription(
      "MaxSubscribers: edges take viewers beyond the target up to edge.maxSubscribers before"
          + " anyone waits. Target: they stop at targetSubscribersPerEdge.")
  private Limit upTo = Limit.MaxSubscribers;

  @Min(0)
  @Max(30)
  @Default("" + DEFAULT_HOLD_SECONDS)
  @JsonPropertyDescription(
      "When every edge is full and the cluster can still grow (edges on their way, or fewer"
          + " than maxEdges asked for), the origin holds a viewer's /cluster request this many"
          + " seconds for an edge with room before it answers 503; while edges are on their way"
          + " until the first is due and this many seconds more, never over 60 s in all. 0 never"
          + " holds.")
  private Integer holdSeconds = DEFAULT_HOLD_SECONDS;

  public Limit getUpTo() {
    return upTo;
  }

  public void setUpTo(Limit upTo) {
    this.upTo = upTo;
  }

  public Integer getHoldSeconds() {
    return holdSeconds;
  }

  public void setHoldSeconds(Integer holdSeconds) {
    this.holdSeconds = holdSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OverflowSpec that
        && upTo == that.upTo
        && Objects.equals(holdSeconds, that.holdSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(upTo, holdSeconds);
  }
}
