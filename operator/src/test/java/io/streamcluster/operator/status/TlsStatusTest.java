package io.streamcluster.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.operator.model.StreamClusters;
import io.streamcluster.operator.status.ClusterStatusModel.Observed;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With {@code spec.tls} the status names the TLS endpoints: HTTPS for /cluster, RTMPS to push. */
class TlsStatusTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  StreamCluster cluster = StreamClusters.named("live", "video");

  StreamClusterStatus status(Observed observed) {
    return ClusterStatusModel.compute(cluster, observed, NOW);
  }

  @Test
  void withTlsTheClusterUrlIsHttpsAndPublishersPushRtmps() {
    cluster.getSpec().setTls(new TlsSpec("live-tls"));

    StreamClusterStatus status = status(Observed.failed("Test", "nothing observed"));

    assertThat(status.getClusterUrl()).isEqualTo("https://live-origin.video.svc:5443/cluster");
    assertThat(status.getOriginEndpoint()).isEqualTo("live-origin.video.svc:1936");
  }

  @Test
  void theMappedHttpsPortAndTheLoadBalancerAddressAreWhatClientsUse() {
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    cluster.getSpec().getOrigin().getService().setHttpsPort(443);
    Observed observed =
        new Observed(
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                new ServiceBuilder()
                    .withNewStatus()
                    .withNewLoadBalancer()
                    .addNewIngress()
                    .withHostname("live.example.com")
                    .endIngress()
                    .endLoadBalancer()
                    .endStatus()
                    .build()),
            Optional.empty(),
            Optional.empty());

    StreamClusterStatus status = status(observed);

    assertThat(status.getClusterUrl()).isEqualTo("https://live-origin.video.svc:443/cluster");
    assertThat(status.getOriginEndpoint()).isEqualTo("live.example.com:1936");
  }

  @Test
  void withoutTlsNothingChanges() {
    StreamClusterStatus status = status(Observed.failed("Test", "nothing observed"));

    assertThat(status.getClusterUrl()).isEqualTo("http://live-origin.video.svc:5080/cluster");
    assertThat(status.getOriginEndpoint()).isEqualTo("live-origin.video.svc:1935");
  }
}
