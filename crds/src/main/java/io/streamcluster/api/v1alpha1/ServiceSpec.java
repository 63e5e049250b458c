package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;
import java.util.Objects;

/**
 * How the origin is exposed: a Service with RTMP (1935) and HTTP (5080) ports, and with {@code
 * spec.tls} RTMPS (1936) and HTTPS ({@link #getHttpsPort()}, 5443 unless mapped, e.g. to 443).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSpec {

  /** The Kubernetes Service types the origin may be exposed through. */
  public enum Type {
    ClusterIP,
    NodePort,
    LoadBalancer
  }

  @Default("ClusterIP")
  @JsonPropertyDescription("Service type: ClusterIP, NodePort or LoadBalancer.")
  private Type type = Type.ClusterIP;

  @JsonPropertyDescription("Annotations for the Service, e.g. for a cloud load balancer.")
  private Map<String, String> annotations;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription(
      "With spec.tls: the Service port for HTTPS (the container's 5443), e.g. 443 behind a load"
          + " balancer. Default 5443.")
  private Integer httpsPort;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public Integer getHttpsPort() {
    return httpsPort;
  }

  public void setHttpsPort(Integer httpsPort) {
    this.httpsPort = httpsPort;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceSpec that
        && type == that.type
        && Objects.equals(annotations, that.annotations)
        && Objects.equals(httpsPort, that.httpsPort);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, annotations, httpsPort);
  }
}
