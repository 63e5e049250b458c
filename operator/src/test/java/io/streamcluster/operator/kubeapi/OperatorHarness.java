package io.streamcluster.operator.kubeapi;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.StreamClusterOperator;
import io.streamcluster.operator.scaleloop.OriginClusterApi;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real kube-apiserver with the StreamCluster CRD applied, one namespace, and the operator running
 * in this JVM against it. There is no kubelet and no controller manager: Deployments never get pods
 * and nothing garbage-collects, so tests set workload status themselves where readiness matters.
 */
final class OperatorHarness implements AutoCloseable {

  /** How long the waits on objects and StreamClusters wait. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final TestApiServer apiServer;
  final KubernetesClient client;
  final String namespace;
  private StreamClusterOperator operator;
  private KubernetesClient operatorClient;

  private OperatorHarness(TestApiServer apiServer, KubernetesClient client, String namespace) {
    this.apiServer = apiServer;
    this.client = client;
    this.namespace = namespace;
  }

  static OperatorHarness start(String namespace, Duration syncPeriod, OriginEndpoints origins)
      throws IOException {
    return start(
        TestApiServer.start(),
        namespace,
        h -> h.client,
        h ->
            OperatorSettings.builder()
                .syncPeriod(syncPeriod)
                .watchNamespaces(Set.of(namespace))
                .healthPort(0)
                .build(),
        origins);
  }

  /**
   * On a server already started (it is closed with the harness): the CRD and the namespace are made
   * with the admin client, then {@code operatorClient} (possibly another identity; closed with the
   * harness when it is not the admin client) runs the operator with {@code settings}.
   */
  static OperatorHarness start(
      TestApiServer apiServer,
      String namespace,
      java.util.function.Function<OperatorHarness, KubernetesClient> operatorClient,
      java.util.function.Function<OperatorHarness, OperatorSettings> settings,
      OriginEndpoints origins)
      throws IOException {
    OperatorHarness harness = new OperatorHarness(apiServer, apiServer.newClient(), namespace);
    try {
      StreamClusterCrdIT.applyCrd(harness.client);
      harness
          .client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      // no controller manager creates it, and pods are refused without it
      harness
          .client
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .build())
          .create();
      harness.operatorClient = operatorClient.apply(harness);
      harness.operator =
          StreamClusterOperator.create(
                  harness.operatorClient,
                  settings.apply(harness),
                  new SimpleMeterRegistry(),
                  origins,
                  new OriginClusterApi(Duration.ofSeconds(1)))
              .start();
      return harness;
    } catch (RuntimeException | IOException e) {
      harness.close();
      throw e;
    }
  }

  MixedOperation<StreamCluster, ?, Resource<StreamCluster>> clusters() {
    return client.resources(StreamCluster.class);
  }

  /** A StreamCluster named {@code name} in the harness's namespace, its spec at its defaults. */
  StreamCluster newCluster(String name) {
    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setNamespace(namespace);
    return cluster;
  }

  Resource<StreamCluster> cluster(String name) {
    return clusters().inNamespace(namespace).withName(name);
  }

  List<Event> events(String cluster) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> cluster.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The object {@code name} of {@code type} in the namespace, if it exists. */
  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return Optional.ofNullable(client.resources(type).inNamespace(namespace).withName(name).get());
  }

  /**
   * Changes the StreamCluster {@code name} as a user would, again on a conflict with the operator's
   * own writes.
   */
  void change(String name, Consumer<StreamCluster> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        cluster(name)
            .edit(
                sc -> {
                  edit.accept(sc);
                  return sc;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The object {@code name} of {@code type} in the namespace, once it exists. */
  <T extends HasMetadata> T await(Class<T> type, String name) {
    return await(type, name, o -> true);
  }

  /** The object {@code name} of {@code type} in the namespace, once it exists and passes test. */
  <T extends HasMetadata> T await(Class<T> type, String name, Predicate<T> test) {
    return client
        .resources(type)
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(o -> o != null && test.test(o), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The StreamCluster {@code name}, once it has a status and passes test. */
  StreamCluster awaitStatus(String name, Predicate<StreamCluster> test) {
    return cluster(name)
        .waitUntilCondition(
            sc -> sc != null && sc.getStatus() != null && test.test(sc),
            TIMEOUT.toSeconds(),
            TimeUnit.SECONDS);
  }

  /** The replicas the edge Deployment of {@code cluster} asks for; -1 while it does not exist. */
  int edgeReplicas(String cluster) {
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName(cluster + "-edge").get();
    return deployment == null ? -1 : deployment.getSpec().getReplicas();
  }

  StreamClusterOperator operator() {
    return operator;
  }

  /** Stops the operator (once), leaving the apiserver up. */
  void stopOperator() {
    if (operator != null) {
      try {
        operator.close();
      } finally {
        operator = null;
        if (operatorClient != null && operatorClient != client) {
          operatorClient.close();
        }
      }
    }
  }

  /**
   * Closes a harness whose operator leads by now: a leader that stops would otherwise end the
   * test's JVM.
   */
  void closeLeading() {
    LeaderElectionExit.refuse();
    try {
      close();
    } finally {
      LeaderElectionExit.allow();
    }
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      client.close();
      apiServer.close();
    }
  }
}
