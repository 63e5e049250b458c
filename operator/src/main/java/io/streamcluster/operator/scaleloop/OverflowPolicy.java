package io.streamcluster.operator.scaleloop;

import java.time.Duration;

/**
 * What a StreamCluster's origins do once the edges reach the target ({@code spec.autoscaling
 * .overflow}), passed on to them with each sync.
 *
 * @param toCapacity edges take viewers beyond the target, up to their capacity, before viewers wait
 * @param hold how long a viewer may be held when every edge is full and edges are on their way
 */
public record OverflowPolicy(boolean toCapacity, Duration hold) {

  /** Up to the capacity, held for up to 8 s: what the CRD defaults to. */
  public static final OverflowPolicy DEFAULT = new OverflowPolicy(true, Duration.ofSeconds(8));
}
