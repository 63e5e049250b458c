package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * TLS on every public port of the origins and edges: RTMPS and HTTPS beside RTMP and HTTP, with the
 * certificate of a {@code kubernetes.io/tls} Secret (for example one cert-manager keeps renewed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret in the StreamCluster's namespace: tls.crt (the chain, naming the"
          + " edges' advertised names or addresses and the origin's), tls.key, and optionally"
          + " ca.crt, the CA the edges verify the origins with. Mounted into every origin and"
          + " edge pod; a renewed Secret is picked up without a restart.")
  private String secretName;

  @JsonPropertyDescription(
      "The name edges verify the origins' certificate against when the certificate does not name"
          + " the origins' in-cluster Services (e.g. one from a public CA for live.example.com"
          + " only). Default: the in-cluster name the edge dials.")
  private String originServerName;

  public TlsSpec() {}

  public TlsSpec(String secretName) {
    this.secretName = secretName;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getOriginServerName() {
    return originServerName;
  }

  public void setOriginServerName(String originServerName) {
    this.originServerName = originServerName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsSpec that
        && Objects.equals(secretName, that.secretName)
        && Objects.equals(originServerName, that.originServerName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretName, originServerName);
  }
}
