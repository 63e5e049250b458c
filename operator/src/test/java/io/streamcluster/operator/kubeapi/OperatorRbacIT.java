package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.chart.OperatorChart;
import io.streamcluster.operator.chart.OperatorPermissions;
import io.streamcluster.operator.chart.OperatorPermissions.Permission;
import io.streamcluster.operator.scaling.OriginLocator;
import io.streamcluster.operator.status.Conditions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's RBAC against what the operator really does. The chart's ServiceAccount, ClusterRole,
 * Role and bindings (default values: cluster-wide, leader election on) are applied to a real
 * kube-apiserver with its audit log on; the operator runs in this JVM, cluster-wide and electing a
 * leader like the chart's Deployment, through a client that impersonates that ServiceAccount. A
 * StreamCluster is created, brought to Ready, changed, scaled through its scale subresource in mode
 * External and deleted. The audit log then says which (group, resource, verb) the ServiceAccount
 * used: each must be granted by the chart and none may have been refused, and every grant the run
 * did not use must be one of {@link #NOT_REACHED}, with the reason.
 */
class OperatorRbacIT {

  static final String NAMESPACE = "rbac-it";
  static final String CLUSTER = "audited";
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Path AUDIT_LOG = Path.of("target", "audit", "operator-rbac-audit.log");
  static final String SERVICE_ACCOUNT_USER =
      "system:serviceaccount:" + OperatorChart.NAMESPACE + ":" + OperatorChart.RELEASE;

  /**
   * Grants that this run cannot reach, each with why. Anything else the chart grants and the run
   * does not use fails the test: it is either unused (drop it from the chart) or used by a path
   * this run should drive.
   */
  static final Map<Permission, String> NOT_REACHED =
      Map.of(
          new Permission("", "pods", "patch"),
          "scale-in in mode Subscribers marks the drained edge pods with a low pod-deletion-cost"
              + " (KubernetesEdges.preferForRemoval); it needs a running origin reporting load"
              + " and edge pods, which a kube-apiserver without kubelet never has"
              + " (EdgeAutoscalingIT drives that path with the admin client)",
          new Permission("", "pods", "list"),
          "listed only by the same Subscribers scale-in (KubernetesEdges.edgePods), see pods:patch");

  /**
   * Used, and granted to every authenticated user by Kubernetes' own system:basic-user
   * ClusterRole, not by the chart: at start, JOSDK's LeaderElectionManager asks which Lease verbs
   * it has through a SelfSubjectRulesReview.
   */
  static final Set<Permission> GRANTED_BY_KUBERNETES =
      Set.of(new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  /**
   * The differences found: granted by the chart ({@code namespacedRules} and the leader-election
   * Role), reachable, and still never used, because the operator's code has no call that needs
   * them. The owned objects are applied server-side (patch, which creates as well) and read from
   * informers (list, watch), never read one by one, updated or deleted (their owner reference lets
   * the garbage collector delete them); the cluster Secret is created once; Events are only
   * created; the StreamCluster itself is only watched and its status patched (its scale
   * subresource is written by users and HPAs, the operator reads spec); the Lease is taken and
   * renewed with get, create and patch. Pinned here so that trimming the chart, or code that starts
   * to need one of them, shows up as a change of this list.
   */
  static final Set<Permission> GRANTED_BUT_UNUSED =
      permissions(
          "apps/deployments:create,get,update,delete",
          "apps/statefulsets:create,get,update,delete",
          "core/services:create,get,update,delete",
          "core/secrets:get,patch,update,delete",
          "policy/poddisruptionbudgets:create,get,update,delete",
          "core/pods:get,watch",
          "core/events:patch",
          "streamcluster.io/streamclusters:get,patch,update",
          "streamcluster.io/streamclusters/status:get,update",
          "streamcluster.io/streamclusters/scale:get,patch,update",
          "coordination.k8s.io/leases:list,watch,update");

  private static final Logger log = LoggerFactory.getLogger(OperatorRbacIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static OperatorHarness harness;
  static List<HasMetadata> rbac;
  static boolean exitGuarded;

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
    OriginLocator closedPort = (names, replicas) -> List.of(URI.create("http://127.0.0.1:1"));
    harness =
        OperatorHarness.start(
            TestApiServer.startWithAuditLog(AUDIT_LOG),
            NAMESPACE,
            OperatorRbacIT::applyRbacAndImpersonate,
            h ->
                new OperatorSettings(
                    OperatorSettings.DEFAULT_IMAGE,
                    Set.of(), // cluster-wide, as the chart's default ClusterRole
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    0,
                    true, // the chart's default: leaderElection.enabled
                    OperatorChart.RELEASE,
                    Optional.of(OperatorChart.NAMESPACE)),
            closedPort);
  }

  @AfterAll
  @SuppressWarnings("removal")
  static void stop() {
    try {
      if (harness != null) {
        refuseExitOnStopLeading();
        harness.close();
      }
    } finally {
      if (exitGuarded) {
        System.setSecurityManager(null);
      }
    }
  }

  /**
   * JOSDK's LeaderElectionManager ends the JVM when the operator stops leading, which it does on
   * close; that is right for the operator's own process, not for this test's JVM. Only that exit is
   * refused: the leader-elector thread ends with the refusal instead.
   */
  @SuppressWarnings("removal")
  private static void refuseExitOnStopLeading() {
    if (exitGuarded) {
      return;
    }
    exitGuarded = true;
    System.setSecurityManager(
        new SecurityManager() {
          @Override
          public void checkPermission(java.security.Permission permission) {}

          @Override
          public void checkPermission(java.security.Permission permission, Object context) {}

          @Override
          public void checkExit(int status) {
            boolean fromLeaderElection =
                StackWalker.getInstance()
                    .walk(
                        frames ->
                            frames.anyMatch(
                                f -> f.getClassName().endsWith(".LeaderElectionManager")));
            if (fromLeaderElection) {
              throw new SecurityException("the test's JVM outlives the operator it runs");
            }
          }
        });
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
  void theOperatorUsesOnlyWhatTheChartGrantsAndTheChartGrantsNothingUnused() throws IOException {
    drive();
    refuseExitOnStopLeading();
    harness.stopOperator();

    List<JsonNode> requests = serviceAccountRequests();
    assertThat(requests).as("requests of %s in %s", SERVICE_ACCOUNT_USER, AUDIT_LOG).isNotEmpty();
    assertThat(requests)
        .as("requests refused to %s", SERVICE_ACCOUNT_USER)
        .filteredOn(r -> r.path("responseStatus").path("code").asInt() == 403)
        .extracting(JsonNode::toString)
        .isEmpty();

    Set<Permission> used = new TreeSet<>();
    Set<String> nonResource = new TreeSet<>();
    for (JsonNode request : requests) {
      JsonNode ref = request.get("objectRef");
      if (ref == null) {
        nonResource.add(request.path("verb").asText() + " " + request.path("requestURI").asText());
        continue;
      }
      String resource = ref.path("resource").asText();
      String subresource = ref.path("subresource").asText("");
      used.add(
          new Permission(
              ref.path("apiGroup").asText(""),
              subresource.isEmpty() ? resource : resource + "/" + subresource,
              request.path("verb").asText()));
    }
    Set<Permission> granted = chartGrants();
    Set<Permission> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    log.info(
        "{} used {} ({} requests):\n  {}\nwithout a resource: {}\ngranted by the chart and not"
            + " used in this run:\n  {}",
        SERVICE_ACCOUNT_USER,
        used.size(),
        requests.size(),
        String.join("\n  ", used.stream().map(Permission::toString).toList()),
        nonResource,
        String.join("\n  ", unused.stream().map(Permission::toString).toList()));

    assertThat(nonResource).as("requests without a resource (discovery needs no grant)").isEmpty();
    Set<Permission> needsAGrant = new TreeSet<>(used);
    needsAGrant.removeAll(GRANTED_BY_KUBERNETES);
    assertThat(granted).as("the chart's rules").containsAll(needsAGrant);
    assertThat(OperatorPermissions.ALL).as("OperatorPermissions").containsAll(needsAGrant);
    Set<Permission> explained = new TreeSet<>(NOT_REACHED.keySet());
    explained.addAll(GRANTED_BUT_UNUSED);
    assertThat(unused)
        .as("granted by the chart and unused by the run: each one explained")
        .containsExactlyInAnyOrderElementsOf(explained);
  }

  /** Create, Ready with its observedGeneration, a spec change, External scaling, deletion. */
  private static void drive() {
    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName(CLUSTER);
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.getSpec().getAutoscaling().setMode(Mode.External);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    for (Class<? extends HasMetadata> owned :
        List.of(StatefulSet.class, Deployment.class, PodDisruptionBudget.class)) {
      await(owned, CLUSTER + (owned == StatefulSet.class ? "-origin" : "-edge"), o -> true);
    }

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
    StreamCluster ready = awaitCluster(sc -> readyAtItsGeneration(sc, "True"));
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());

    change(sc -> sc.getSpec().setImage("streamcluster/media-server:0.1.1"));
    await(
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
    awaitCluster(
        sc ->
            sc.getStatus() != null
                && sc.getMetadata().getGeneration().equals(sc.getStatus().getObservedGeneration()));

    harness.cluster(CLUSTER).scale(4);
    await(Deployment.class, CLUSTER + "-edge", d -> d.getSpec().getReplicas() == 4);
    markEdgesReady(4);
    awaitCluster(
        sc ->
            readyAtItsGeneration(sc, "True")
                && sc.getStatus().getEdges().getDesiredReplicas() == 4
                && sc.getStatus().getEdges().getReadyReplicas() == 4);

    harness.cluster(CLUSTER).delete();
    harness
        .cluster(CLUSTER)
        .waitUntilCondition(o -> o == null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // no garbage collector here: the owned objects stay, and the operator leaves them be
    harness
        .client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CLUSTER + "-edge")
        .waitUntilCondition(d -> d != null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

  private static void change(Consumer<StreamCluster> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        harness
            .cluster(CLUSTER)
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

  private static <T extends HasMetadata> T await(Class<T> type, String name, Predicate<T> test) {
    return harness
        .client
        .resources(type)
        .inNamespace(NAMESPACE)
        .withName(name)
        .waitUntilCondition(o -> o != null && test.test(o), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static StreamCluster awaitCluster(Predicate<StreamCluster> test) {
    return harness
        .cluster(CLUSTER)
        .waitUntilCondition(o -> o != null && test.test(o), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

  /** {@code "group/resource:verb,verb"}, {@code core} for the core group. */
  private static Set<Permission> permissions(String... grants) {
    Set<Permission> permissions = new TreeSet<>();
    for (String grant : grants) {
      String[] groupResource = grant.substring(0, grant.indexOf(':')).split("/", 2);
      for (String verb : grant.substring(grant.indexOf(':') + 1).split(",")) {
        permissions.add(
            new Permission(
                groupResource[0].equals("core") ? "" : groupResource[0], groupResource[1], verb));
      }
    }
    return permissions;
  }

  /** Every (group, resource, verb) the chart's Roles and ClusterRoles grant. */
  private static Set<Permission> chartGrants() {
    Set<Permission> granted = new TreeSet<>();
    for (HasMetadata object : rbac) {
      if (object instanceof ClusterRole c) {
        granted.addAll(OperatorPermissions.of(c.getRules()));
      } else if (object instanceof Role r) {
        granted.addAll(OperatorPermissions.of(r.getRules()));
      }
    }
    return granted;
  }
}
