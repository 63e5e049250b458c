package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.streamcluster.operator.chart.OperatorPermissions.Permission;
import io.streamcluster.operator.chart.OperatorPermissions.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart grants the operator exactly what the operator was seen to request ({@link
 * OperatorPermissions}: recorded from the apiserver's audit log by {@code OperatorRbacIT}, plus its
 * short list of grants never requested): cluster-wide or in the listed namespaces only, the Lease
 * in its own namespace only, and nothing else.
 */
class ChartRbacTest {

  static final Path NAMESPACED = OperatorChart.chartDir().resolve("ci/namespaced-values.yaml");
  static final Path EXISTING_RBAC =
      OperatorChart.chartDir().resolve("ci/existing-rbac-values.yaml");
  static final String NODES_SUFFIX = "-nodes";

  @Test
  void clusterWideByDefaultWithExactlyTheOperatorsPermissions() {
    List<HasMetadata> objects = OperatorChart.render(Optional.empty());

    ClusterRole clusterRole = clusterRole(objects, "");
    grantsExactly(clusterRole.getRules(), Scope.WATCHED_NAMESPACES, "the ClusterRole");
    Role leases = ChartTemplateTest.one(objects, Role.class);
    assertThat(leases.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
    grantsExactly(leases.getRules(), Scope.OPERATOR_NAMESPACE, "the Lease Role");
    ClusterRole nodes = clusterRole(objects, NODES_SUFFIX);
    grantsExactly(nodes.getRules(), Scope.CLUSTER, "the Nodes ClusterRole");

    for (ClusterRole role : List.of(clusterRole, nodes)) {
      ClusterRoleBinding binding = bindingOf(objects, role);
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(serviceAccount(objects));
                assertThat(subject.getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
              });
    }
    RoleBinding leaseBinding = ChartTemplateTest.one(objects, RoleBinding.class);
    assertThat(leaseBinding.getRoleRef().getName()).isEqualTo(leases.getMetadata().getName());
    assertThat(leaseBinding.getSubjects().get(0).getName()).isEqualTo(serviceAccount(objects));
  }

  @Test
  void listedNamespacesStillReadNodesClusterWideUnlessTold() throws IOException {
    Path namespacedWithNodes = Files.createTempFile(Path.of("target"), "namespaced-nodes", ".yaml");
    Files.writeString(
        namespacedWithNodes, "watchNamespaces: [live]\nleaderElection: {enabled: false}\n");
    try {
      List<HasMetadata> objects = OperatorChart.render(Optional.of(namespacedWithNodes));

      assertThat(ChartTemplateTest.all(objects, ClusterRole.class))
          .as("Nodes have no namespace: only their reading is cluster-wide")
          .singleElement()
          .satisfies(
              role -> {
                assertThat(role.getMetadata().getName()).endsWith(NODES_SUFFIX);
                grantsExactly(role.getRules(), Scope.CLUSTER, "the Nodes ClusterRole");
              });
      assertThat(ChartTemplateTest.all(objects, ClusterRoleBinding.class)).hasSize(1);
    } finally {
      Files.delete(namespacedWithNodes);
    }
  }

  @Test
  void listedNamespacesGetRolesAndNothingIsGrantedClusterWide() {
    List<HasMetadata> objects = OperatorChart.render(Optional.of(NAMESPACED));

    assertThat(ChartTemplateTest.all(objects, ClusterRole.class))
        .as("with operator.readNodes false")
        .isEmpty();
    assertThat(ChartTemplateTest.all(objects, ClusterRoleBinding.class)).isEmpty();
    Map<String, Role> roles =
        ChartTemplateTest.all(objects, Role.class).stream()
            .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r));
    assertThat(roles)
        .as("one Role per watched namespace, no Lease role without leader election")
        .containsOnlyKeys("live", "staging");
    roles
        .values()
        .forEach(
            role ->
                grantsExactly(
                    role.getRules(),
                    Scope.WATCHED_NAMESPACES,
                    "the Role in " + role.getMetadata().getNamespace()));
    assertThat(ChartTemplateTest.all(objects, RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("live", "staging");
    assertThat(ChartTemplateTest.all(objects, RoleBinding.class))
        .allSatisfy(
            b ->
                assertThat(b.getSubjects().get(0).getNamespace())
                    .isEqualTo(OperatorChart.NAMESPACE));
  }

  @Test
  void noRuleUsesWildcardsResourceNamesOrUrls() {
    for (Optional<Path> values : List.of(Optional.<Path>empty(), Optional.of(NAMESPACED))) {
      List<PolicyRule> rules =
          OperatorChart.render(values).stream()
              .flatMap(
                  o ->
                      o instanceof ClusterRole c
                          ? c.getRules().stream()
                          : o instanceof Role r
                              ? r.getRules().stream()
                              : java.util.stream.Stream.empty())
              .toList();
      assertThat(rules)
          .isNotEmpty()
          .allSatisfy(
              rule -> {
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getResources()).doesNotContain("*");
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
              });
    }
  }

  @Test
  void rbacAndServiceAccountCanBeLeftToThePlatform() {
    List<HasMetadata> objects = OperatorChart.render(Optional.of(EXISTING_RBAC));

    assertThat(objects).noneMatch(o -> o.getApiVersion().startsWith("rbac.authorization.k8s.io"));
    assertThat(ChartTemplateTest.all(objects, ServiceAccount.class)).isEmpty();
    assertThat(
            ChartTemplateTest.deployment(objects)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("streamcluster-operator-preprovisioned");
  }

  /** Says what is missing and what is extra, against what the operator needs there. */
  private static void grantsExactly(List<PolicyRule> rules, Scope scope, String what) {
    Set<Permission> granted = OperatorPermissions.of(rules);
    Set<Permission> needed = OperatorPermissions.required(scope);
    assertThat(granted)
        .as(
            "%s against %s and the unrequested grants: missing %s, extra %s",
            what,
            OperatorPermissions.RECORD.getFileName(),
            OperatorPermissions.minus(needed, granted),
            OperatorPermissions.minus(granted, needed))
        .containsExactlyInAnyOrderElementsOf(needed);
  }

  /** The one ClusterRole whose name ends with {@code suffix} ("": the main one). */
  private static ClusterRole clusterRole(List<HasMetadata> objects, String suffix) {
    List<ClusterRole> found =
        ChartTemplateTest.all(objects, ClusterRole.class).stream()
            .filter(
                r ->
                    suffix.isEmpty()
                        ? !r.getMetadata().getName().endsWith(NODES_SUFFIX)
                        : r.getMetadata().getName().endsWith(suffix))
            .toList();
    assertThat(found).as("ClusterRoles named *%s", suffix).hasSize(1);
    return found.get(0);
  }

  private static ClusterRoleBinding bindingOf(List<HasMetadata> objects, ClusterRole role) {
    List<ClusterRoleBinding> found =
        ChartTemplateTest.all(objects, ClusterRoleBinding.class).stream()
            .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName()))
            .toList();
    assertThat(found).as("bindings of %s", role.getMetadata().getName()).hasSize(1);
    return found.get(0);
  }

  private static String serviceAccount(List<HasMetadata> objects) {
    return ChartTemplateTest.one(objects, ServiceAccount.class).getMetadata().getName();
  }
}
