package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/** The per-edge Services of type LoadBalancer that {@code advertise: LoadBalancer} creates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EdgeLoadBalancerSpec {

  @JsonPropertyDescription(
      "Annotations of every per-edge Service, e.g. service.beta.kubernetes.io/aws-load-balancer-type:"
          + " nlb on EKS.")
  private Map<String, String> annotations;

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EdgeLoadBalancerSpec that && Objects.equals(annotations, that.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(annotations);
  }
}
