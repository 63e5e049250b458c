package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scenario 10: deleting a StreamCluster removes what it owned; {@code helm uninstall} removes the
 * operator. Runs last: it uninstalls the run's operator.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemovalE2E extends Scenario {

  @Test
  @Order(1)
  void deletingTheStreamClusterRemovesWhatItOwned() {
    StreamCluster sc = StreamClusters.quick("doomed", 1, 2, 100);
    sc.getSpec().getAutoscaling().setDrainTimeoutSeconds(5);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "doomed", Duration.ofMinutes(3));
    assertThat(owned()).as("objects labelled as the StreamCluster's").isNotEmpty();

    client.resources(StreamCluster.class).inNamespace(ns()).withName("doomed").delete();
    await("everything the StreamCluster owned is gone")
        .atMost(Duration.ofSeconds(120))
        .until(() -> owned().isEmpty());
  }

  @Test
  @Order(2)
  void helmUninstallRemovesTheOperator() {
    assertThat(operator.deployment()).isNotNull();
    operator.uninstall();
    await("operator Deployment and pods gone")
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(OperatorInstallation.NAMESPACE)
                        .withLabel(OperatorInstallation.NAME_LABEL, "streamcluster-operator")
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .pods()
                        .inNamespace(OperatorInstallation.NAMESPACE)
                        .withLabel(OperatorInstallation.NAME_LABEL, "streamcluster-operator")
                        .list()
                        .getItems()
                        .isEmpty());
    assertThat(operator.isUninstalled()).isTrue();
  }

  private List<HasMetadata> owned() {
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(
        client
            .apps()
            .deployments()
            .inNamespace(ns())
            .withLabel(StreamClusters.INSTANCE, "doomed")
            .list()
            .getItems());
    found.addAll(
        client
            .apps()
            .statefulSets()
            .inNamespace(ns())
            .withLabel(StreamClusters.INSTANCE, "doomed")
            .list()
            .getItems());
    found.addAll(
        client
            .services()
            .inNamespace(ns())
            .withLabel(StreamClusters.INSTANCE, "doomed")
            .list()
            .getItems());
    found.addAll(
        client
            .pods()
            .inNamespace(ns())
            .withLabel(StreamClusters.INSTANCE, "doomed")
            .list()
            .getItems());
    found.addAll(
        client
            .configMaps()
            .inNamespace(ns())
            .withLabel(StreamClusters.INSTANCE, "doomed")
            .list()
            .getItems());
    return found;
  }
}
