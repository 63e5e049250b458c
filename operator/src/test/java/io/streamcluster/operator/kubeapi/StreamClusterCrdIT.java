package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec;
import io.streamcluster.api.v1alpha1.EdgesStatus;
import io.streamcluster.api.v1alpha1.OverflowSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.api.v1alpha1.ScheduleStatus;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated CRD on a real kube-apiserver: it is accepted, the API server fills in the defaults,
 * rejects what the schema and the CEL rules forbid with 422 and the rule's message, and the scale
 * subresource and printer columns work for clients and kubectl.
 */
public class StreamClusterCrdIT {

  static final String NAMESPACE = "crd-it";
  static final String CRD_RESOURCE = "/kubernetes/" + StreamCluster.CRD_NAME + "-v1.yml";
  private static final Logger log = LoggerFactory.getLogger(StreamClusterCrdIT.class);

  static TestApiServer apiServer;
  static KubernetesClient client;
  static MixedOperation<StreamCluster, ?, Resource<StreamCluster>> clusters;

  @BeforeAll
  static void startApiServerAndApplyTheCrd() throws IOException {
    apiServer = TestApiServer.start();
    client = apiServer.newClient();
    long begin = System.nanoTime();
    applyCrd(client);
    log.info(
        "CRD {} established in {} ms",
        StreamCluster.CRD_NAME,
        Duration.ofNanos(System.nanoTime() - begin).toMillis());
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    clusters = client.resources(StreamCluster.class);
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

  /** Whether the CRD is served; the first events of a new CRD may carry no conditions yet. */
  /** Applies the committed CRD (from the crds jar) and waits until it is Established. */
  static void applyCrd(KubernetesClient client) throws IOException {
    try (InputStream yaml = StreamClusterCrdIT.class.getResourceAsStream(CRD_RESOURCE)) {
      assertThat(yaml).as("the committed CRD on the class path: %s", CRD_RESOURCE).isNotNull();
      client.apiextensions().v1().customResourceDefinitions().load(yaml).create();
    }
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(StreamCluster.CRD_NAME)
        .waitUntilCondition(StreamClusterCrdIT::established, 30, TimeUnit.SECONDS);
  }

  public static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void servesTheResourceWithItsShortNameAndSubresources() {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(StreamCluster.CRD_NAME)
            .get();

    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("scl");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("streaming");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    var subresources = crd.getSpec().getVersions().get(0).getSubresources();
    assertThat(subresources.getStatus()).isNotNull();
    assertThat(subresources.getScale().getSpecReplicasPath()).isEqualTo(".spec.edge.replicas");
    assertThat(subresources.getScale().getStatusReplicasPath()).isEqualTo(".status.edges.replicas");
    assertThat(subresources.getScale().getLabelSelectorPath()).isEqualTo(".status.edges.selector");
  }

  @Test
  void acceptsAMinimalStreamClusterAndFillsInTheDefaults() {
    create(
        """
        metadata: {name: minimal}
        spec: {image: "streamcluster/media-server:0.1.0"}
        """);

    StreamCluster stored = clusters.inNamespace(NAMESPACE).withName("minimal").get();

    assertThat(stored.getSpec().getOrigin().getReplicas()).isEqualTo(1);
    assertThat(stored.getSpec().getOrigin().getService().getType().name()).isEqualTo("ClusterIP");
    assertThat(stored.getSpec().getEdge().getReplicas()).isEqualTo(2);
    assertThat(stored.getSpec().getEdge().getMaxSubscribers()).isEqualTo(2000);
    assertThat(stored.getSpec().getEdge().getAdvertise()).isEqualTo(EdgeSpec.Advertise.PodIP);
    AutoscalingSpec autoscaling = stored.getSpec().getAutoscaling();
    assertThat(autoscaling.getMode()).isEqualTo(AutoscalingSpec.Mode.Subscribers);
    assertThat(autoscaling.getMinEdges()).isEqualTo(2);
    assertThat(autoscaling.getMaxEdges()).isEqualTo(50);
    assertThat(autoscaling.getTargetSubscribersPerEdge()).isEqualTo(1500);
    assertThat(autoscaling.getDrainTimeoutSeconds()).isEqualTo(600);
  }

  @Test
  void acceptsAFullStreamClusterBuiltInJava() {
    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName("full");
    cluster.getSpec().setImage("streamcluster/media-server:0.1.0");
    cluster.getSpec().getEdge().setMaxSubscribers(2500);
    cluster.getSpec().getAutoscaling().setMinEdges(3);
    cluster.getSpec().getAutoscaling().setMaxEdges(30);
    ScalingRulesSpec scaleDown = new ScalingRulesSpec();
    scaleDown.setStabilizationWindowSeconds(600);
    scaleDown.setSelectPolicy(ScalingRulesSpec.SelectPolicy.Min);
    scaleDown.setPolicies(
        List.of(
            new ScalingPolicySpec(ScalingPolicySpec.Type.Percent, 10, 60),
            new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, 5, 60)));
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleDown(scaleDown);
    cluster.getSpec().getAutoscaling().setBehavior(behavior);

    StreamCluster created = clusters.inNamespace(NAMESPACE).resource(cluster).create();

    assertThat(created.getSpec()).isEqualTo(cluster.getSpec());
  }

  @Test
  void rejectsAStreamClusterWithoutSpec() {
    assertRejected("metadata: {name: no-spec}\n", "spec", "Required value");
  }

  @Test
  void rejectsNumbersOutOfRange() {
    assertRejected(
        """
        metadata: {name: no-subscribers}
        spec: {edge: {maxSubscribers: 0}}
        """,
        "spec.edge.maxSubscribers",
        "should be greater than or equal to 1");
    assertRejected(
        """
        metadata: {name: too-many-edges}
        spec: {autoscaling: {maxEdges: 5000}}
        """,
        "spec.autoscaling.maxEdges",
        "should be less than or equal to 1000");
    assertRejected(
        """
        metadata: {name: long-period}
        spec:
          autoscaling:
            behavior:
              scaleUp:
                policies: [{type: Pods, value: 4, periodSeconds: 3600}]
        """,
        "spec.autoscaling.behavior.scaleUp.policies[0].periodSeconds",
        "should be less than or equal to 1800");
    assertRejected(
        """
        metadata: {name: slow-fan-out}
        spec: {fanOutIntervalMs: 5000}
        """,
        "spec.fanOutIntervalMs",
        "should be less than or equal to 1000");
  }

  @Test
  void rejectsValuesOutsideTheEnums() {
    assertRejected(
        """
        metadata: {name: bad-advertise}
        spec: {edge: {advertise: Hostname}}
        """,
        "spec.edge.advertise",
        "Unsupported value: \"Hostname\"");
    assertRejected(
        """
        metadata: {name: bad-mode}
        spec: {autoscaling: {mode: Cpu}}
        """,
        "spec.autoscaling.mode",
        "Unsupported value: \"Cpu\"");
    assertRejected(
        """
        metadata: {name: bad-select-policy}
        spec: {autoscaling: {behavior: {scaleDown: {selectPolicy: Random}}}}
        """,
        "spec.autoscaling.behavior.scaleDown.selectPolicy",
        "Unsupported value: \"Random\"");
  }

  @Test
  void rejectsAScalingPolicyWithoutItsPeriod() {
    assertRejected(
        """
        metadata: {name: no-period}
        spec:
          autoscaling:
            behavior:
              scaleDown:
                policies: [{type: Percent, value: 10}]
        """,
        "spec.autoscaling.behavior.scaleDown.policies[0].periodSeconds",
        "Required value");
  }

  @Test
  void rejectsMinEdgesAboveMaxEdges() {
    assertRejected(
        """
        metadata: {name: min-above-max}
        spec: {autoscaling: {minEdges: 10, maxEdges: 5}}
        """,
        "spec.autoscaling.minEdges",
        "minEdges must not exceed maxEdges");
  }

  @Test
  void rejectsMinEdgesAboveTheDefaultMaxEdges() {
    assertRejected(
        """
        metadata: {name: min-above-default-max}
        spec: {autoscaling: {minEdges: 60}}
        """,
        "spec.autoscaling.minEdges",
        "minEdges must not exceed maxEdges");
  }

  @Test
  void acceptsALaunchReadyStreamClusterAndFillsInItsDefaults() {
    GenericKubernetesResource created =
        create(
            """
            metadata: {name: launch}
            spec:
              autoscaling:
                behavior: {scaleUp: {predictive: {enabled: true}}}
                schedules:
                - {name: final, start: "2026-12-24T20:00", end: "2026-12-24T22:30", viewers: 20000}
                overflow: {}
            """);

    StreamCluster stored =
        clusters.inNamespace(NAMESPACE).withName(created.getMetadata().getName()).get();
    AutoscalingSpec autoscaling = stored.getSpec().getAutoscaling();
    assertThat(autoscaling.getBehavior().getScaleUp().getPredictive().getEdgeStartupSeconds())
        .isEqualTo(30);
    assertThat(autoscaling.getSchedules().get(0).getTimeZone()).isEqualTo("UTC");
    assertThat(autoscaling.getSchedules().get(0).getLeadSeconds()).isEqualTo(600);
    assertThat(autoscaling.getOverflow().getUpTo()).isEqualTo(OverflowSpec.Limit.MaxSubscribers);
    assertThat(autoscaling.getOverflow().getHoldSeconds()).isEqualTo(8);
  }

  @Test
  void rejectsWhatASchedulePredictionOrOverflowMayNotSay() {
    assertRejected(
        """
        metadata: {name: both-limits}
        spec:
          autoscaling:
            schedules:
            - {name: final, start: "2026-12-24T20:00", end: "2026-12-24T22:00", minEdges: 4, viewers: 9000}
        """,
        "spec.autoscaling.schedules[0]",
        "a schedule holds either minEdges or viewers");
    assertRejected(
        """
        metadata: {name: twice}
        spec:
          autoscaling:
            schedules:
            - {name: final, start: "2026-12-24T20:00", end: "2026-12-24T22:00", minEdges: 4}
            - {name: final, start: "2026-12-31T20:00", end: "2026-12-31T23:00", minEdges: 6}
        """,
        "spec.autoscaling.schedules",
        "schedule names must be unique");
    assertRejected(
        """
        metadata: {name: no-time}
        spec:
          autoscaling:
            schedules: [{name: final, start: "Christmas Eve", end: "2026-12-24T22:00", minEdges: 4}]
        """,
        "spec.autoscaling.schedules[0].start",
        "should match");
    assertRejected(
        """
        metadata: {name: predictive-down}
        spec: {autoscaling: {behavior: {scaleDown: {predictive: {enabled: true}}}}}
        """,
        "spec.autoscaling.behavior.scaleDown.predictive",
        "predictive applies to scaleUp only");
    assertRejected(
        """
        metadata: {name: long-hold}
        spec: {autoscaling: {overflow: {holdSeconds: 60}}}
        """,
        "spec.autoscaling.overflow.holdSeconds",
        "should be less than or equal to 30");
  }

  @Test
  void rejectsATargetAboveWhatAnEdgeMayCarry() {
    assertRejected(
        """
        metadata: {name: target-above-cap}
        spec: {edge: {maxSubscribers: 1000}, autoscaling: {targetSubscribersPerEdge: 1500}}
        """,
        "spec.autoscaling.targetSubscribersPerEdge",
        "autoscaling.targetSubscribersPerEdge must not exceed edge.maxSubscribers");
  }

  @Test
  void rejectsAnUpdateThatBreaksARule() {
    create(
        """
        metadata: {name: later-broken}
        spec: {autoscaling: {minEdges: 2, maxEdges: 4}}
        """);

    KubernetesClientException rejected =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                clusters
                    .inNamespace(NAMESPACE)
                    .withName("later-broken")
                    .edit(
                        sc -> {
                          sc.getSpec().getAutoscaling().setMinEdges(8);
                          return sc;
                        }));

    assertThat(rejected.getCode()).isEqualTo(422);
    assertThat(rejected.getMessage()).contains("minEdges must not exceed maxEdges");
  }

  @Test
  void scalesTheEdgesThroughTheScaleSubresource() {
    create(
        """
        metadata: {name: scalable}
        spec: {autoscaling: {mode: External}}
        """);
    Resource<StreamCluster> scalable = clusters.inNamespace(NAMESPACE).withName("scalable");
    scalable.editStatus(
        sc -> {
          sc.setStatus(status(2, "app.kubernetes.io/instance=scalable"));
          return sc;
        });

    scalable.scale(7);

    assertThat(scalable.get().getSpec().getEdge().getReplicas()).isEqualTo(7);
    Scale scale = scalable.scale();
    assertThat(scale.getSpec().getReplicas()).isEqualTo(7);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app.kubernetes.io/instance=scalable");
  }

  // the short name is "scl": kubectl resolves "sc" to the built-in storageclasses (core groups win)
  @Test
  void kubectlScalesAndListsStreamClustersByShortNameAndCategory() throws Exception {
    create(
        """
        metadata: {name: listed}
        spec: {autoscaling: {mode: External}}
        """);
    clusters
        .inNamespace(NAMESPACE)
        .withName("listed")
        .editStatus(
            sc -> {
              StreamClusterStatus status = status(3, "app.kubernetes.io/instance=listed");
              status.getEdges().setDesiredReplicas(4);
              status.setSubscribers(4321L);
              status.setRefusedRequests(17L);
              ScheduleStatus schedule = new ScheduleStatus();
              schedule.setNext("final");
              schedule.setNextFrom("2026-12-24T18:50:00Z");
              schedule.setSummary("next: final from 2026-12-24T18:50:00Z");
              status.setSchedule(schedule);
              status.getConditions().add(ready());
              sc.setStatus(status);
              return sc;
            });

    assertThat(kubectl("scale", "scl/listed", "--replicas=5")).contains("scaled");
    String table = kubectl("get", "scl", "listed");
    String category = kubectl("get", "streaming");

    assertThat(
            clusters
                .inNamespace(NAMESPACE)
                .withName("listed")
                .get()
                .getSpec()
                .getEdge()
                .getReplicas())
        .isEqualTo(5);
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly(
            "NAME", "READY", "EDGES", "DESIRED", "SUBSCRIBERS", "REFUSED", "SCHEDULE", "AGE");
    assertThat(lines.get(1).split("\\s+"))
        .startsWith("listed", "True", "3", "4", "4321", "17", "next:", "final", "from");
    assertThat(category.lines()).anySatisfy(line -> assertThat(line).startsWith("listed "));
  }

  private static StreamClusterStatus status(int replicas, String selector) {
    EdgesStatus edges = new EdgesStatus();
    edges.setReplicas(replicas);
    edges.setReadyReplicas(replicas);
    edges.setSelector(selector);
    StreamClusterStatus status = new StreamClusterStatus();
    status.setObservedGeneration(1L);
    status.setEdges(edges);
    return status;
  }

  private static Condition ready() {
    return new ConditionBuilder()
        .withType(StreamClusterStatus.READY)
        .withStatus("True")
        .withReason("EdgesReady")
        .withMessage("origin and edges are ready")
        .withLastTransitionTime("2026-01-01T00:00:00Z")
        .withObservedGeneration(1L)
        .build();
  }

  private static GenericKubernetesResource create(String yaml) {
    return client.resource(parse(yaml)).inNamespace(NAMESPACE).create();
  }

  private static GenericKubernetesResource parse(String yaml) {
    return Serialization.unmarshal(
        "apiVersion: streamcluster.io/v1alpha1\nkind: StreamCluster\n" + yaml,
        GenericKubernetesResource.class);
  }

  private static void assertRejected(String yaml, String field, String message) {
    KubernetesClientException rejected =
        catchThrowableOfType(KubernetesClientException.class, () -> create(yaml));

    assertThat(rejected).as("the API server accepted:%n%s", yaml).isNotNull();
    assertThat(rejected.getCode()).as(rejected.getMessage()).isEqualTo(422);
    assertThat(rejected.getMessage()).contains(field, message);
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    try {
      Files.writeString(kubeconfig, apiServer.kubeconfig());
      List<String> command = new ArrayList<>();
      command.add(apiServer.kubectl().toString());
      command.add("--kubeconfig=" + kubeconfig);
      command.add("--namespace=" + NAMESPACE);
      command.addAll(List.of(args));
      Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
      assertThat(kubectl.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
      return output;
    } finally {
      Files.deleteIfExists(kubeconfig);
    }
  }
}
