package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.chart.OperatorChart;
import io.streamcluster.operator.chart.OperatorPermissions;
import io.streamcluster.operator.chart.OperatorPermissions.Permission;
import io.streamcluster.operator.chart.OperatorPermissions.Scope;
import io.streamcluster.operator.model.NetworkIsolation;
import io.streamcluster.operator.status.Conditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives what the operator needs from Kubernetes by watching it work, and holds the chart's RBAC
 * to exactly that. The chart's ServiceAccount, ClusterRole, Role and bindings (default values:
 * cluster-wide, leader election on) are applied to a real kube-apiserver with its audit log on; the
 * operator runs in this JVM, electing a leader like the chart's Deployment, through a client that
 * impersonates that ServiceAccount. The test drives it through everything it does: a StreamCluster
 * is created and gets all its objects, becomes Ready, has its spec changed, is scaled through its
 * scale subresource in mode External, has its edges told their node's external address (a Node the
 * test registers) and then given load balancers of their own (the test plays the cloud's
 * controller) in a second StreamCluster, then autoscales in mode Subscribers against a real origin
 * that simulated edges check in with (up, then in: drain, pod deletion cost, scale subresource,
 * Events), and is deleted.
 *
 * <p>The audit log then says which (group, resource, verb) the ServiceAccount requested. None may
 * have been refused; each must be granted by the chart; and every grant of the chart must have been
 * requested, or be one of {@link OperatorPermissions#NOT_REQUESTED}, with its reason. What was
 * requested is recorded in {@link OperatorPermissions#RECORD} for {@code ChartRbacTest}; with
 * {@code -Drbac.record=true} this test writes it, otherwise it checks that it is current.
 */
class OperatorRbacIT {

  static final String NAMESPACE = "rbac-it";
  static final String CLUSTER = "audited";
  static final Duration TIMEOUT = OperatorHarness.TIMEOUT;
  static final Path AUDIT_LOG = Path.of("target", "audit", "operator-rbac-audit.log");
  static final String SERVICE_ACCOUNT_USER =
      "system:serviceaccount:" + OperatorChart.NAMESPACE + ":" + OperatorChart.RELEASE;
  static final String RECORD_COMMAND =
      "./mvnw -q -B -pl media-server,crds,operator -am verify -Dit.test=OperatorRbacIT -Dtest=NONE"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false"
          + " -Drbac.record=true";

  /**
   * Requested, and granted to every authenticated user by Kubernetes' own system:basic-user
   * ClusterRole, not by the chart: at start, JOSDK's LeaderElectionManager asks which Lease verbs
   * it has through a SelfSubjectRulesReview.
   */
  static final Set<Permission> GRANTED_BY_KUBERNETES =
      Set.of(new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  private static final Logger log = LoggerFactory.getLogger(OperatorRbacIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final LiveOrigin origin = new LiveOrigin();
  static OperatorHarness harness;
  static List<HasMetadata> rbac;

  @BeforeAll
  static void startTheOperatorAsItsServiceAccount() throws IOException {
    rbac =
        OperatorChart.render(Optional.empty()).stream()
            .filter(
                o ->
                    o instanceof ServiceAccount
                        || o instanceof ClusterRole
                        || o instanceof ClusterRoleBinding
                        || o instanceof Role
                        || o instanceof RoleBinding)
            .toList();
    harness =
        OperatorHarness.start(
            TestApiServer.startWithAuditLog(AUDIT_LOG),
            NAMESPACE,
            OperatorRbacIT::applyRbacAndImpersonate,
            h ->
                OperatorSettings.builder() // cluster-wide, as the chart's default ClusterRole
                    .syncPeriod(Duration.ofSeconds(1))
                    .originTimeout(Duration.ofSeconds(1))
                    .healthPort(0)
                    .leaderElection(true) // the chart's default: leaderElection.enabled
                    .lease(OperatorChart.RELEASE, Optional.of(OperatorChart.NAMESPACE))
                    // the chart's default: networkPolicy.enabled
                    .networkIsolation(
                        Optional.of(
                            new NetworkIsolation(
                                OperatorChart.NAMESPACE,
                                Map.of("app.kubernetes.io/component", "operator"),
                                List.of("monitoring"))))
                    .build(),
            origin.endpoints());
  }

  @AfterAll
  static void stop() {
    try {
      origin.close();
    } finally {
      if (harness != null) {
        harness.closeLeading();
      }
    }
  }

  /** The chart's RBAC with the admin client, then a client that is the ServiceAccount. */
  private static KubernetesClient applyRbacAndImpersonate(OperatorHarness h) {
    h.client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(OperatorChart.NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    for (HasMetadata object : rbac) {
      h.client.resource(object).inNamespace(OperatorChart.NAMESPACE).serverSideApply();
    }
    Config config = Config.fromKubeconfig(h.apiServer.kubeconfig());
    config.setImpersonateUsername(SERVICE_ACCOUNT_USER);
    config.setImpersonateGroups(
        "system:serviceaccounts",
        "system:serviceaccounts:" + OperatorChart.NAMESPACE,
        "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  void theChartGrantsExactlyWhatTheOperatorRequests() throws Exception {
    // a missing grant can stall the run: what was requested is reported either way
    Throwable runFailed = null;
    try {
      createdWithAllItsObjectsAndReady();
      changedAndScaledExternally();
      edgesToldTheirExternalAddresses();
      autoscaledUpAndInBySubscribers();
      deleted();
    } catch (AssertionError | RuntimeException e) {
      runFailed = e;
    }
    LeaderElectionExit.refuse();
    harness.stopOperator();

    List<JsonNode> requests = serviceAccountRequests();
    Set<String> withoutResource = new TreeSet<>();
    Map<Scope, Set<Permission>> requested = requestedByScope(requests, withoutResource);
    Map<Scope, Set<Permission>> granted = chartGrants();
    SoftAssertions softly = new SoftAssertions();
    StringBuilder report = new StringBuilder();
    for (Scope scope : Scope.values()) {
      Set<Permission> used = requested.get(scope);
      Set<Permission> unrequested = new TreeSet<>();
      OperatorPermissions.NOT_REQUESTED.stream()
          .filter(u -> u.scope() == scope)
          .forEach(u -> unrequested.add(u.permission()));
      Set<Permission> needed = new TreeSet<>(used);
      needed.addAll(unrequested);
      List<Permission> notGranted = OperatorPermissions.minus(used, granted.get(scope));
      List<Permission> neverRequested = OperatorPermissions.minus(granted.get(scope), needed);
      report
          .append(String.format("%n%s: requested %s", scope, used))
          .append(String.format("%n  requested, not granted by the chart: %s", notGranted))
          .append(String.format("%n  granted by the chart, never requested: %s", neverRequested))
          .append(String.format("%n  granted, needed, never requested: %s", unrequested));
      softly
          .assertThat(notGranted)
          .as("%s: requested and not granted by the chart", scope)
          .isEmpty();
      softly
          .assertThat(neverRequested)
          .as(
              "%s: granted by the chart and never requested (drop them from the chart, or drive"
                  + " the code that needs them here)",
              scope)
          .isEmpty();
      softly
          .assertThat(OperatorPermissions.minus(unrequested, used).size())
          .as(
              "%s: NOT_REQUESTED lists %s, and the operator requested some of them: drop those",
              scope, unrequested)
          .isEqualTo(unrequested.size());
    }
    log.info("{} made {} requests:{}", SERVICE_ACCOUNT_USER, requests.size(), report);
    if (runFailed != null) {
      throw new AssertionError(
          "the run did not get through; requested so far:" + report, runFailed);
    }

    assertThat(requests).as("requests of %s in %s", SERVICE_ACCOUNT_USER, AUDIT_LOG).isNotEmpty();
    softly
        .assertThat(requests)
        .as("requests refused to %s", SERVICE_ACCOUNT_USER)
        .filteredOn(r -> r.path("responseStatus").path("code").asInt() == 403)
        .extracting(JsonNode::toString)
        .isEmpty();
    softly
        .assertThat(harness.events(CLUSTER))
        .as("the operator's warnings: a reconcile, a scaling or a drain failed")
        .filteredOn(e -> "Warning".equals(e.getType()))
        .extracting(e -> e.getReason() + ": " + e.getMessage())
        .isEmpty();
    softly
        .assertThat(withoutResource)
        .as("requests without a resource (none needs a grant)")
        .isEmpty();

    String record = OperatorPermissions.format(requested);
    if (Boolean.getBoolean("rbac.record")) {
      Files.createDirectories(OperatorPermissions.RECORD.getParent());
      Files.writeString(OperatorPermissions.RECORD, record, StandardCharsets.UTF_8);
    } else {
      softly
          .assertThat(
              Files.isRegularFile(OperatorPermissions.RECORD)
                  ? Files.readString(OperatorPermissions.RECORD)
                  : "")
          .as(
              "%s is not what the operator requested in this run; run `%s`, review the change and"
                  + " commit it",
              OperatorPermissions.RECORD, RECORD_COMMAND)
          .isEqualTo(record);
    }
    softly.assertAll();
  }

  /** Created: every owned object; the origins and edges said ready: Ready at its generation. */
  private static void createdWithAllItsObjectsAndReady() {
    StreamCluster cluster = harness.newCluster(CLUSTER);
    cluster.getSpec().getAutoscaling().setMode(Mode.External);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    harness.await(Secret.class, CLUSTER + "-cluster-secret", s -> s.getData() != null);
    harness.await(Service.class, CLUSTER + "-origin", s -> true);
    harness.await(Service.class, CLUSTER + "-origin-headless", s -> true);
    harness.await(Service.class, CLUSTER + "-origin-internal", s -> true);
    harness.await(StatefulSet.class, CLUSTER + "-origin", s -> true);
    harness.await(Deployment.class, CLUSTER + "-edge", d -> true);
    harness.await(PodDisruptionBudget.class, CLUSTER + "-edge", p -> true);
    harness.await(NetworkPolicy.class, CLUSTER + "-media-servers", p -> true);

    // there is no kubelet: the test says that the pods are ready
    harness
        .client
        .apps()
        .statefulSets()
        .inNamespace(NAMESPACE)
        .withName(CLUSTER + "-origin")
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
              return s;
            });
    markEdgesReady(2);
    harness.awaitStatus(CLUSTER, sc -> readyAtItsGeneration(sc, "True"));
  }

  /** A spec change reaches the edges; mode External: the scale subresource moves the edges. */
  private static void changedAndScaledExternally() {
    harness.change(CLUSTER, sc -> sc.getSpec().setImage("streamcluster/media-server:0.1.1"));
    harness.await(
        Deployment.class,
        CLUSTER + "-edge",
        d ->
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .equals("streamcluster/media-server:0.1.1"));
    harness.awaitStatus(
        CLUSTER,
        sc -> sc.getMetadata().getGeneration().equals(sc.getStatus().getObservedGeneration()));

    harness.cluster(CLUSTER).scale(3);
    harness.await(Deployment.class, CLUSTER + "-edge", d -> d.getSpec().getReplicas() == 3);
    markEdgesReady(3);
    harness.awaitStatus(
        CLUSTER,
        sc ->
            readyAtItsGeneration(sc, "True")
                && sc.getStatus().getEdges().getDesiredReplicas() == 3
                && sc.getStatus().getEdges().getReadyReplicas() == 3);
  }

  /**
   * Edges viewers outside the cluster reach: a second StreamCluster in mode NodeExternalIP whose
   * edge pod (the test plays the kubelet) is told its node's external address; then in mode
   * LoadBalancer, whose edge gets a Service (the test plays the cloud's controller) and its
   * address, and loses the Service with its pod; then the cluster goes.
   */
  private static void edgesToldTheirExternalAddresses() {
    String reach = "reachable";
    PlatformSimulator platform = new PlatformSimulator(harness.client, NAMESPACE);
    platform.node("rbac-node", Map.of(), "203.0.113.30");
    StreamCluster cluster = harness.newCluster(reach);
    cluster.getSpec().getAutoscaling().setMode(Mode.Off);
    cluster.getSpec().getEdge().setReplicas(1);
    cluster.getSpec().getEdge().setAdvertise(Advertise.NodeExternalIP);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    harness.await(Deployment.class, reach + "-edge", d -> true);
    platform.edgePod(reach, "reachable-edge-a", "rbac-node");
    harness.await(
        Pod.class, "reachable-edge-a", p -> "203.0.113.30".equals(PlatformSimulator.advertised(p)));

    harness.change(reach, sc -> sc.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer));
    harness.await(Service.class, "reachable-edge-a");
    platform.assignIngress("reachable-edge-a", "192.0.2.70", null);
    harness.await(
        Pod.class, "reachable-edge-a", p -> "192.0.2.70".equals(PlatformSimulator.advertised(p)));
    harness
        .client
        .pods()
        .inNamespace(NAMESPACE)
        .withName("reachable-edge-a")
        .withGracePeriod(0)
        .delete();
    awaitility().until(() -> harness.find(Service.class, "reachable-edge-a").isEmpty());

    harness.cluster(reach).delete();
    harness
        .cluster(reach)
        .waitUntilCondition(o -> o == null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Mode Subscribers with a real origin and simulated edges checking in: the operator reads the
   * load, scales up through the scale subresource, then drains the least-loaded edges, lowers their
   * pods' deletion cost and scales in.
   */
  private static void autoscaledUpAndInBySubscribers() throws Exception {
    EdgeFleetSimulator fleet =
        origin.startWithEdges(harness, CLUSTER, Path.of("target/rbac-it-origin.log"));
    fleet.subscribers(350);
    // the autoscaler's first reading must see the load: an origin without edges yet reads as no
    // players, and an early scale-in would remove an edge nobody drained
    awaitility().until(() -> fleet.subscribersAtOrigin() == 350);

    harness.change(CLUSTER, sc -> SubscriberAutoscaling.applyTo(sc, 4, 1, 2));
    awaitility()
        .until(() -> harness.edgeReplicas(CLUSTER) == 4 && fleet.replicaHistory.contains(4));

    fleet.subscribers(120);
    awaitility().until(() -> harness.edgeReplicas(CLUSTER) == 2 && fleet.removals.size() == 2);
    fleet.assertEveryRemovalWasDrainedAndMarked();
    StreamCluster settled =
        harness.awaitStatus(
            CLUSTER,
            sc ->
                Long.valueOf(120).equals(sc.getStatus().getSubscribers())
                    && sc.getStatus().getEdges().getDesiredReplicas() == 2);
    assertThat(settled.getStatus().getLastScaleTime()).isNotNull();
    assertThat(harness.events(CLUSTER))
        .extracting(Event::getReason)
        .contains("ScaledUp", "ScaledDown");
    fleet.close();
  }

  private static void deleted() {
    harness.cluster(CLUSTER).delete();
    harness
        .cluster(CLUSTER)
        .waitUntilCondition(o -> o == null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // no garbage collector here: the owned objects stay, and the operator leaves them be
    harness.await(Deployment.class, CLUSTER + "-edge", d -> true);
  }

  private static ConditionFactory awaitility() {
    return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200));
  }

  private static void markEdgesReady(int replicas) {
    harness
        .client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CLUSTER + "-edge")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .build());
              return d;
            });
  }

  private static boolean readyAtItsGeneration(StreamCluster sc, String ready) {
    if (sc.getStatus() == null
        || !sc.getMetadata().getGeneration().equals(sc.getStatus().getObservedGeneration())) {
      return false;
    }
    return Conditions.find(sc.getStatus().getConditions(), StreamClusterStatus.READY)
        .map(Condition::getStatus)
        .filter(ready::equals)
        .isPresent();
  }

  /** The audit events of requests made as the ServiceAccount, one per request. */
  private static List<JsonNode> serviceAccountRequests() throws IOException {
    List<JsonNode> requests = new java.util.ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String line : Files.readAllLines(AUDIT_LOG)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event = JSON.readTree(line);
      String user = event.path("impersonatedUser").path("username").asText("");
      if (user.isEmpty()) {
        user = event.path("user").path("username").asText("");
      }
      // a watch is logged when its response starts and again when it ends
      if (SERVICE_ACCOUNT_USER.equals(user) && seen.add(event.path("auditID").asText())) {
        requests.add(event);
      }
    }
    return requests;
  }

  /**
   * The (group, resource, verb) of the requests, by where they apply: the operator's own namespace
   * (the Lease), or the watched namespaces (everything else, cluster-wide informers included). A
   * patch that created its object counts as a create as well.
   */
  private static Map<Scope, Set<Permission>> requestedByScope(
      List<JsonNode> requests, Set<String> withoutResource) {
    Map<Scope, Set<Permission>> requested = new EnumMap<>(Scope.class);
    for (Scope scope : Scope.values()) {
      requested.put(scope, new TreeSet<>());
    }
    for (JsonNode request : requests) {
      JsonNode ref = request.get("objectRef");
      if (ref == null) {
        withoutResource.add(
            request.path("verb").asText() + " " + request.path("requestURI").asText());
        continue;
      }
      String resource = ref.path("resource").asText();
      String subresource = ref.path("subresource").asText("");
      Permission permission =
          new Permission(
              ref.path("apiGroup").asText(""),
              subresource.isEmpty() ? resource : resource + "/" + subresource,
              request.path("verb").asText());
      if (GRANTED_BY_KUBERNETES.contains(permission)) {
        continue;
      }
      Scope scope =
          OperatorPermissions.CLUSTER_SCOPED.contains(resource)
              ? Scope.CLUSTER
              : OperatorChart.NAMESPACE.equals(ref.path("namespace").asText(""))
                  ? Scope.OPERATOR_NAMESPACE
                  : Scope.WATCHED_NAMESPACES;
      requested.get(scope).add(permission);
      // a server-side apply that creates is a patch, and the apiserver authorizes it as a create
      // too; the audit event is the patch's, answered 201
      if (permission.verb().equals("patch")
          && request.path("responseStatus").path("code").asInt() == 201) {
        requested
            .get(scope)
            .add(new Permission(permission.apiGroup(), permission.resource(), "create"));
      }
    }
    return requested;
  }

  /**
   * What the chart grants, by where: its ClusterRole everywhere, its Role in the operator's own
   * namespace only.
   */
  private static Map<Scope, Set<Permission>> chartGrants() {
    Map<Scope, Set<Permission>> granted = new EnumMap<>(Scope.class);
    granted.put(Scope.WATCHED_NAMESPACES, new TreeSet<>());
    granted.put(Scope.OPERATOR_NAMESPACE, new TreeSet<>());
    granted.put(Scope.CLUSTER, new TreeSet<>());
    for (HasMetadata object : rbac) {
      if (object instanceof ClusterRole c) {
        for (Permission p : OperatorPermissions.of(c.getRules())) {
          granted
              .get(
                  OperatorPermissions.CLUSTER_SCOPED.contains(p.resource())
                      ? Scope.CLUSTER
                      : Scope.WATCHED_NAMESPACES)
              .add(p);
        }
      } else if (object instanceof Role r) {
        assertThat(r.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
        granted.get(Scope.OPERATOR_NAMESPACE).addAll(OperatorPermissions.of(r.getRules()));
      }
    }
    return granted;
  }
}
