package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.streamcluster.operator.OperatorMain;
import io.streamcluster.operator.model.ClusterNames;
import io.streamcluster.operator.model.LabelSelectors;
import io.streamcluster.operator.model.NetworkIsolation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The chart's part in the NetworkPolicies: it renders none itself, it tells the operator to give
 * each StreamCluster one (with the operator's namespace, pod labels and the monitoring namespaces,
 * which the operator parses into a policy that admits exactly the chart's operator pods), and it
 * grants the operator NetworkPolicies only then.
 */
class ChartNetworkPolicyTest {

  static final Path DISABLED = OperatorChart.chartDir().resolve("ci/no-network-policy-values.yaml");

  @Test
  void theChartRendersNoPolicyItselfTheOperatorWritesOnePerStreamCluster() {
    assertThat(ChartTemplateTest.all(OperatorChart.render(Optional.empty()), NetworkPolicy.class))
        .isEmpty();
    assertThat(
            ChartTemplateTest.all(
                OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED)), NetworkPolicy.class))
        .isEmpty();
  }

  @Test
  void byDefaultTheOperatorsPolicyAdmitsTheChartsOperatorPodsAndMonitoring() {
    List<HasMetadata> objects = OperatorChart.render(Optional.empty());
    Map<String, String> env = env(objects);
    assertThat(env).containsEntry("STREAMCLUSTER_NETWORK_POLICY", "true");

    NetworkIsolation isolation = operatorSettingsFrom(env).networkIsolation().orElseThrow();
    assertThat(isolation.operatorNamespace()).isEqualTo(OperatorChart.NAMESPACE);
    assertThat(isolation.monitoringNamespaces()).containsExactly("monitoring");

    NetworkPolicy policy = isolation.generatePolicy(new ClusterNames("live", "video"));
    NetworkPolicyPeer operator =
        policy.getSpec().getIngress().stream()
            .filter(rule -> rule.getFrom() != null)
            .flatMap(rule -> rule.getFrom().stream())
            .filter(peer -> peer.getNamespaceSelector() != null && peer.getPodSelector() != null)
            .findFirst()
            .orElseThrow();
    Map<String, String> operatorPod =
        ChartTemplateTest.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    assertThat(LabelSelectors.matches(operator.getPodSelector(), operatorPod)).isTrue();
  }

  @Test
  void monitoringNamespacesAreConfigurable() throws Exception {
    Path values = java.nio.file.Files.createTempFile(Path.of("target"), "network-policy", ".yaml");
    java.nio.file.Files.writeString(
        values, "networkPolicy: {monitoringNamespaces: [observability, prometheus]}\n");
    try {
      Map<String, String> env = env(OperatorChart.render(Optional.of(values)));
      assertThat(operatorSettingsFrom(env).networkIsolation().orElseThrow().monitoringNamespaces())
          .containsExactly("observability", "prometheus");
    } finally {
      java.nio.file.Files.delete(values);
    }
  }

  @Test
  void theOperatorMayManageNetworkPoliciesWhereverItWatchesOnlyWhenTheyAreOn() {
    assertThat(networkPolicyRules(OperatorChart.render(Optional.empty())))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getVerbs())
                    .containsExactlyInAnyOrder("list", "watch", "create", "patch"));
    assertThat(networkPolicyRules(OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED))))
        .as("one rule in the Role of each watched namespace")
        .hasSize(2);

    List<HasMetadata> disabled = OperatorChart.render(Optional.of(DISABLED));
    assertThat(networkPolicyRules(disabled)).isEmpty();
    assertThat(env(disabled)).containsEntry("STREAMCLUSTER_NETWORK_POLICY", "false");
    assertThat(operatorSettingsFrom(env(disabled)).networkIsolation()).isEmpty();
  }

  private static List<PolicyRule> networkPolicyRules(List<HasMetadata> objects) {
    List<PolicyRule> rules = new ArrayList<>();
    ChartTemplateTest.all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    ChartTemplateTest.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    return rules.stream().filter(r -> r.getResources().contains("networkpolicies")).toList();
  }

  private static Map<String, String> env(List<HasMetadata> objects) {
    return ChartTemplateTest.one(objects, Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /** The operator's settings from the chart's variables, given as the flags they stand for. */
  private static io.streamcluster.operator.OperatorSettings operatorSettingsFrom(
      Map<String, String> env) {
    List<String> args = new ArrayList<>();
    args.add(
        Boolean.parseBoolean(env.get("STREAMCLUSTER_NETWORK_POLICY"))
            ? "--network-policy"
            : "--no-network-policy");
    addIfSet(args, "--operator-namespace", env.get("STREAMCLUSTER_OPERATOR_NAMESPACE"));
    addIfSet(args, "--operator-pod-labels", env.get("STREAMCLUSTER_OPERATOR_POD_LABELS"));
    addIfSet(args, "--monitoring-namespaces", env.get("STREAMCLUSTER_MONITORING_NAMESPACES"));
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs(args.toArray(String[]::new));
    return main.settings();
  }

  private static void addIfSet(List<String> args, String flag, String value) {
    if (value != null) {
      args.add(flag);
      args.add(value);
    }
  }
}
