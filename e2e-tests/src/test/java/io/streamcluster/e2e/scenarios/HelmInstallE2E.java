package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Command;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: {@code helm install} of the chart gives a CRD, a Ready operator and printer columns.
 */
@Order(1)
class HelmInstallE2E extends Scenario {

  @Test
  void chartInstallsTheCrdAndAReadyOperator() {
    assertThat(operator.release().getStatus()).isEqualTo("deployed");
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(StreamCluster.CRD_NAME)
            .get();
    assertThat(crd).as("CRD %s", StreamCluster.CRD_NAME).isNotNull();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Established");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    Deployment deployment = operator.deployment();
    assertThat(deployment.getStatus().getReadyReplicas())
        .as("ready operator replicas")
        .isNotNull()
        .isEqualTo(deployment.getSpec().getReplicas())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void kubectlGetStreamClustersShowsThePrinterColumns() {
    StreamClusters.create(client, ns(), StreamClusters.quick("columns", 1, 2, 100));
    StreamClusters.awaitReady(client, ns(), "columns", Duration.ofMinutes(3));

    // the short name is "scl": kubectl resolves "sc" to the built-in storageclasses
    Command.Result table = cluster.kubectl().run("get", "scl", "-n", ns());
    assertThat(table.succeeded()).as(table.describe()).isTrue();
    String[] lines = table.stdout().strip().split("\n");
    assertThat(lines[0].split("\\s+"))
        .containsExactly(
            "NAME", "READY", "EDGES", "DESIRED", "SUBSCRIBERS", "REFUSED", "SCHEDULE", "AGE");
    String[] row = lines[1].split("\\s+");
    assertThat(row[0]).isEqualTo("columns");
    assertThat(row).as("READY EDGES DESIRED of %s", lines[1]).hasSizeGreaterThanOrEqualTo(4);
    assertThat(new String[] {row[1], row[2], row[3]}).containsExactly("True", "1", "1");
  }
}
