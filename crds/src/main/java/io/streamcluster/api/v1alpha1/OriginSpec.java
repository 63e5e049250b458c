package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Objects;

/** The origin tier: where publishers push and where edges check in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OriginSpec {

  @Min(1)
  @Max(OriginSpec.MAX_REPLICAS)
  @Default("" + DEFAULT_REPLICAS)
  @JsonPropertyDescription("Number of origin pods.")
  private Integer replicas = DEFAULT_REPLICAS;

  @Default("{}")
  @JsonPropertyDescription("The Service that exposes the origin to publishers and edges.")
  private ServiceSpec service = new ServiceSpec();

  @JsonPropertyDescription("Compute resources of the origin container.")
  private ResourceRequirements resources;

  static final int MAX_REPLICAS = 16;

  public static final int DEFAULT_REPLICAS = 1;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ServiceSpec getService() {
    return service;
  }

  public void setService(ServiceSpec service) {
    this.service = service;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OriginSpec that
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(service, that.service)
        && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, service, resources);
  }
}
