package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.streamcluster.media.ClusterDefaults;
import java.util.Objects;

/** The edge tier: pods that pull streams from the origins and fan them out to subscribers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EdgeSpec {

  /** The address an edge gives out (through the origin's {@code /cluster}) to its subscribers. */
  public enum Advertise {
    PodIP,
    NodeIP,
    NodeExternalIP
  }

  static final int MAX_SUBSCRIBERS_LIMIT = 100_000;

  public static final int DEFAULT_REPLICAS = 2;

  @SpecReplicas
  @Min(0)
  @Max(AutoscalingSpec.MAX_EDGES_LIMIT)
  @Default("" + DEFAULT_REPLICAS)
  @JsonPropertyDescription(
      "Number of edge pods; the scale subresource. The operator sets it in autoscaling mode"
          + " Subscribers; set it yourself (or through an HPA or KEDA) in modes External and Off.")
  private Integer replicas = DEFAULT_REPLICAS;

  @Min(1)
  @Max(MAX_SUBSCRIBERS_LIMIT)
  @Default("" + ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE)
  @JsonPropertyDescription(
      "Hard cap of subscribers per edge; a full edge leaves the rotation until one leaves.")
  private Integer maxSubscribers = ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE;

  @Default("PodIP")
  @JsonPropertyDescription(
      "The address the origin hands out for an edge: PodIP, NodeIP or NodeExternalIP.")
  private Advertise advertise = Advertise.PodIP;

  @JsonPropertyDescription("Compute resources of the edge container.")
  private ResourceRequirements resources;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getMaxSubscribers() {
    return maxSubscribers;
  }

  public void setMaxSubscribers(Integer maxSubscribers) {
    this.maxSubscribers = maxSubscribers;
  }

  public Advertise getAdvertise() {
    return advertise;
  }

  public void setAdvertise(Advertise advertise) {
    this.advertise = advertise;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdgeSpec that
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(maxSubscribers, that.maxSubscribers)
        && advertise == that.advertise
        && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, maxSubscribers, advertise, resources);
  }
}
