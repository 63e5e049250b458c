package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The notes {@code helm install} prints tell how to apply a first StreamCluster and find it. */
class ChartNotesTest {

  @Test
  void notesShowAFirstStreamClusterAndWhereClusterAnswers() {
    String notes = installDryRun(null);

    assertThat(notes)
        .contains("reconciles StreamClusters in every namespace")
        .contains("kubectl apply -n default -f -")
        .contains("kind: StreamCluster")
        .contains("http://<name>-origin.<namespace>.svc:5080/cluster")
        .contains("kubectl port-forward service/live-origin 1935:1935 5080:5080")
        .contains("{.status.clusterUrl}")
        .contains("ghcr.io/streamcluster/streamcluster-media-server:0.1.0")
        .contains("kubectl get scl -A");
  }

  @Test
  void notesNameTheWatchedNamespacesAndTheLeader() {
    String notes = installDryRun(OperatorChart.chartDir().resolve("ci/all-options-values.yaml"));

    assertThat(notes)
        .contains("3 replicas elect a leader through the Lease streamcluster-leader")
        .contains("ConfigMap streamcluster-operator-dashboard (namespace monitoring)");
    assertThat(installDryRun(ChartRbacTest.NAMESPACED))
        .contains("the namespaces live, staging")
        .contains("kubectl apply -n live -f -");
  }

  @Test
  void notesSayWhereTheInternalPortIsGuardedAndWhenItIsNot() {
    assertThat(installDryRun(null))
        .contains("Each StreamCluster gets a NetworkPolicy <name>-media-servers in its namespace")
        .contains("this operator and monitoring reach port 9080");
    assertThat(installDryRun(ChartNetworkPolicyTest.DISABLED))
        .contains("networkPolicy.enabled is false")
        .contains("nothing but your own NetworkPolicies guards");
  }

  private static String installDryRun(Path valuesFile) {
    InstallCommand install =
        new Helm(OperatorChart.chartDir())
            .install()
            .withName(OperatorChart.RELEASE)
            .withNamespace(OperatorChart.NAMESPACE)
            .withKubeVersion(OperatorChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    if (valuesFile != null) {
      install.withValuesFile(valuesFile);
    }
    return install.call().getOutput();
  }
}
