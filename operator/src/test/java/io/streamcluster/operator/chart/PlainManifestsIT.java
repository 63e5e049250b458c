package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.chart.OperatorPermissions.Permission;
import io.streamcluster.operator.chart.OperatorPermissions.Scope;
import io.streamcluster.operator.kubeapi.StreamClusterCrdIT;
import io.streamcluster.operator.kubeapi.TestApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code deploy/operator.yaml} and {@code deploy/examples} on a real kube-apiserver: every object
 * is accepted, the CRD's validation (OpenAPI and CEL rules) passes each example, and RBAC gives the
 * operator's ServiceAccount what the operator needs and no more than that.
 */
@TestMethodOrder(OrderAnnotation.class)
class PlainManifestsIT {

  static final String EXAMPLES_NAMESPACE = "examples";
  static final String OPERATOR =
      "system:serviceaccount:" + OperatorChart.NAMESPACE + ":" + OperatorChart.RELEASE;

  static TestApiServer apiServer;
  static KubernetesClient client;

  @BeforeAll
  static void startApiServer() {
    apiServer = TestApiServer.start();
    client = apiServer.newClient();
  }

  @AfterAll
  static void stopApiServer() {
    if (client != null) {
      client.close();
    }
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @Test
  @Order(1)
  void operatorManifestsAreAccepted() throws IOException {
    List<HasMetadata> objects =
        OperatorChart.parse(Files.readString(GeneratedManifestsTest.PLAIN_MANIFESTS));

    for (HasMetadata object : objects) {
      client.resource(object).serverSideApply();
      if (object instanceof CustomResourceDefinition) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(object.getMetadata().getName())
            .waitUntilCondition(StreamClusterCrdIT::established, 30, TimeUnit.SECONDS);
      }
    }

    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(OperatorChart.NAMESPACE)
                .withName(OperatorChart.RELEASE)
                .get())
        .isNotNull();
  }

  @Test
  @Order(2)
  void operatorMayDoWhatItNeedsInAnyNamespaceAndNothingElse() {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(EXAMPLES_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();

    for (Permission p : OperatorPermissions.required(Scope.WATCHED_NAMESPACES)) {
      assertThat(allowed(p, EXAMPLES_NAMESPACE)).as("%s in %s", p, EXAMPLES_NAMESPACE).isTrue();
    }
    for (Permission p : OperatorPermissions.required(Scope.OPERATOR_NAMESPACE)) {
      assertThat(allowed(p, OperatorChart.NAMESPACE)).as("%s in its own namespace", p).isTrue();
      assertThat(allowed(p, EXAMPLES_NAMESPACE)).as("%s elsewhere", p).isFalse();
    }
    assertThat(
            allowed(
                new Permission("streamcluster.io", "streamclusters", "delete"), EXAMPLES_NAMESPACE))
        .as("deleting a StreamCluster is its owner's call")
        .isFalse();
    assertThat(allowed(new Permission("", "secrets", "list"), null))
        .as("the ClusterRole grants it in every namespace")
        .isTrue();
    for (Permission p : OperatorPermissions.required(Scope.CLUSTER)) {
      assertThat(allowed(p, null)).as("%s cluster-wide", p).isTrue();
    }
    assertThat(allowed(new Permission("", "nodes", "patch"), null))
        .as("Nodes are only read")
        .isFalse();
    assertThat(allowed(new Permission("", "pods", "delete"), EXAMPLES_NAMESPACE)).isFalse();
    assertThat(
            allowed(
                new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get"), null))
        .as("the CRD is installed with the chart, never by the operator")
        .isFalse();
  }

  @Test
  @Order(3)
  void everyExamplePassesTheCrdsValidation() throws IOException {
    for (Path file : ExamplesTest.exampleFiles()) {
      for (HasMetadata object : OperatorChart.parse(Files.readString(file))) {
        HasMetadata typed =
            StreamCluster.KIND.equals(object.getKind())
                ? client.getKubernetesSerialization().convertValue(object, StreamCluster.class)
                : object;
        HasMetadata created = client.resource(typed).inNamespace(EXAMPLES_NAMESPACE).create();
        assertThat(created.getMetadata().getUid())
            .as(
                "%s/%s from %s",
                object.getKind(), object.getMetadata().getName(), file.getFileName())
            .isNotBlank();
      }
    }

    assertThat(
            client.resources(StreamCluster.class).inNamespace(EXAMPLES_NAMESPACE).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "live",
            "event",
            "live-external",
            "live-ha",
            "launch",
            "launch-lb",
            "premiere",
            "guarded");
  }

  private static boolean allowed(Permission permission, String namespace) {
    String[] resource = permission.resource().split("/", 2);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(OPERATOR)
            .withGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + OperatorChart.NAMESPACE,
                "system:authenticated")
            .withNewResourceAttributes()
            .withGroup(permission.apiGroup())
            .withResource(resource[0])
            .withSubresource(resource.length > 1 ? resource[1] : null)
            .withVerb(permission.verb())
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }
}
