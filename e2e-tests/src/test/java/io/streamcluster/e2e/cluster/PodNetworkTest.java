package io.streamcluster.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PodNetworkTest {

  @Test
  void clusterAddressesAreRefusedWhileTheBridgeIsAbsent() {
    if (PodNetwork.bridgeIsUp()) {
      assertThat(PodNetwork.requireReachable("10.96.0.10")).isEqualTo("10.96.0.10");
    } else {
      assertThatThrownBy(() -> PodNetwork.requireReachable("10.96.0.10"))
          .hasMessageContaining("bridge cni0 is absent");
    }
  }

  @Test
  void aServiceWithoutClusterIpIsNoAddress() {
    assertThatThrownBy(() -> PodNetwork.requireReachable("None"))
        .hasMessageContaining("no cluster address");
  }
}
