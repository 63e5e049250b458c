package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.ClusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cert-manager Certificate of the TLS example ({@code deploy/examples/cert-manager/}, beside
 * the StreamClusters rather than among them: it needs cert-manager's CRD) fits its StreamCluster:
 * it fills the Secret {@code spec.tls} names, and it names what players and edges verify: every
 * name {@code advertiseHostname} gives an edge, and the origin's in-cluster Services.
 */
class TlsExampleTest {

  static final Path CERTIFICATE =
      ExamplesTest.EXAMPLES.resolve("cert-manager/public-tls-certificate.yaml");
  static final String NAMESPACE = "live";

  @Test
  void theCertificateFillsTheSecretTheClusterMountsAndNamesWhatClientsVerify() throws IOException {
    JsonNode certificate = new ObjectMapper(new YAMLFactory()).readTree(CERTIFICATE.toFile());
    StreamCluster cluster =
        Serialization.unmarshal(
            Files.readString(ExamplesTest.EXAMPLES.resolve("public-tls.yaml")),
            StreamCluster.class);
    List<String> dnsNames = new ArrayList<>();
    certificate.path("spec").path("dnsNames").forEach(n -> dnsNames.add(n.asText()));
    ClusterNames names = new ClusterNames(cluster.getMetadata().getName(), NAMESPACE);

    assertThat(certificate.path("apiVersion").asText()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.path("kind").asText()).isEqualTo("Certificate");
    assertThat(certificate.path("spec").path("secretName").asText())
        .isEqualTo(cluster.getSpec().getTls().getSecretName());
    assertThat(dnsNames)
        .as("an edge's name, e.g. %s", edgeName(cluster, "launch-edge-7c9d8f-x2x7k"))
        .anyMatch(name -> covers(name, edgeName(cluster, "launch-edge-7c9d8f-x2x7k")))
        .as("the origin, as edges dial it")
        .anyMatch(name -> covers(name, names.originHost()))
        .anyMatch(name -> covers(name, names.origin() + "-internal." + NAMESPACE + ".svc"))
        .anyMatch(name -> covers(name, names.originPodHost(0)));
  }

  private static String edgeName(StreamCluster cluster, String pod) {
    return cluster.getSpec().getEdge().getAdvertiseHostname().replace("{pod}", pod);
  }

  /** A certificate's DNS name covers a host: itself, or a wildcard for its first label. */
  private static boolean covers(String dnsName, String host) {
    if (dnsName.startsWith("*.")) {
      return host.indexOf('.') > 0
          && host.substring(host.indexOf('.')).equals(dnsName.substring(1));
    }
    return dnsName.equals(host);
  }
}
