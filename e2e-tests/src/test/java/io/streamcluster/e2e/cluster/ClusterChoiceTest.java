package io.streamcluster.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterChoiceTest {

  @Test
  void ownNodeIsTheDefaultOnLinuxAsRoot() {
    assertThat(ClusterChoice.choose("", "", "Linux", true)).isEqualTo(ClusterChoice.NODE);
  }

  @Test
  void k3sIsTheDefaultWhereTheNodeCannotRun() {
    assertThat(ClusterChoice.choose("", "", "Linux", false)).isEqualTo(ClusterChoice.K3S);
    assertThat(ClusterChoice.choose("", "", "Mac OS X", true)).isEqualTo(ClusterChoice.K3S);
  }

  @Test
  void aKubeconfigAloneMeansThatCluster() {
    assertThat(ClusterChoice.choose("", "/tmp/kind.yaml", "Linux", true))
        .isEqualTo(ClusterChoice.KUBECONFIG);
  }

  @Test
  void anExplicitChoiceWins() {
    assertThat(ClusterChoice.choose("k3s", "/tmp/kind.yaml", "Linux", true))
        .isEqualTo(ClusterChoice.K3S);
    assertThat(ClusterChoice.choose(" Node ", "", "Mac OS X", false)).isEqualTo(ClusterChoice.NODE);
  }

  @Test
  void anUnknownChoiceSaysWhatIsExpected() {
    assertThatThrownBy(() -> ClusterChoice.choose("minikube", "", "Linux", true))
        .hasMessageContaining("expected node, k3s or kubeconfig");
  }
}
