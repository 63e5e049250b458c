package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.streamcluster.media.ClusterDefaults;
import java.util.Objects;

/** The edge tier: pods that pull streams from the origins and fan them out to subscribers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EdgeSpec {

  /** The address an edge gives out (through the origin's {@code /cluster}) to its subscribers. */
  public enum Advertise {
    /** The pod's IP: players on the cluster's own network. */
    PodIP,
    /** The node's primary address ({@code status.hostIP}), the edge's ports on the node. */
    NodeIP,
    /**
     * The node's external address (its {@code ExternalIP}, or the node annotation {@code
     * streamcluster.io/external-address}), the edge's ports on the node.
     */
    NodeExternalIP,
    /** The ingress address of a Service of type LoadBalancer of the edge's own. */
    LoadBalancer;

    /** Whether edges then take their ports on the node, one edge per node. */
    public boolean usesHostPorts() {
      return this == NodeIP || this == NodeExternalIP;
    }
  }

  /** Where {@link #getAdvertiseHostname()} puts the edge's pod name. */
  public static final String POD_PLACEHOLDER = "{pod}";

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
      "The address the origin hands out for an edge: PodIP (inside the cluster), NodeIP (the"
          + " node's primary address, the edge's ports on the node), NodeExternalIP (the node's"
          + " external address: its ExternalIP or its annotation streamcluster.io/external-address;"
          + " ports on the node) or LoadBalancer (a Service of type LoadBalancer per edge). With"
          + " node addresses at most one edge of the cluster runs on a node.")
  private Advertise advertise = Advertise.PodIP;

  @Pattern("^[a-z0-9-]*\\{pod\\}[a-z0-9-]*(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$")
  @JsonPropertyDescription(
      "A DNS name per edge that /cluster hands out instead of an address, {pod} standing for the"
          + " edge's pod name, e.g. {pod}.edges.example.com: TLS players can then verify the edge"
          + " against a wildcard certificate. The names must resolve to the edges (external-dns,"
          + " or records you keep); with NodeExternalIP and LoadBalancer an edge hands its name"
          + " out only once it has an external address.")
  private String advertiseHostname;

  @JsonPropertyDescription("The per-edge Services of advertise: LoadBalancer.")
  private EdgeLoadBalancerSpec loadBalancer;

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

  public String getAdvertiseHostname() {
    return advertiseHostname;
  }

  public void setAdvertiseHostname(String advertiseHostname) {
    this.advertiseHostname = advertiseHostname;
  }

  public EdgeLoadBalancerSpec getLoadBalancer() {
    return loadBalancer;
  }

  public void setLoadBalancer(EdgeLoadBalancerSpec loadBalancer) {
    this.loadBalancer = loadBalancer;
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
        && Objects.equals(advertiseHostname, that.advertiseHostname)
        && Objects.equals(loadBalancer, that.loadBalancer)
        && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        replicas, maxSubscribers, advertise, advertiseHostname, loadBalancer, resources);
  }
}
