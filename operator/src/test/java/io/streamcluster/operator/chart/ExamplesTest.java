package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.PredictiveScaleUp;
import io.streamcluster.operator.scaleloop.BehaviorAdapter;
import io.streamcluster.operator.scaleloop.OverflowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The StreamClusters in {@code deploy/examples} read as the API model, field for field, and keep
 * the rules the CRD enforces ({@code ExamplesIT} applies them to a real kube-apiserver).
 */
class ExamplesTest {

  static final Path EXAMPLES = OperatorChart.repositoryRoot().resolve("deploy/examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyDocumentReadsAsItsModelWithoutLosingAField(Path file) throws IOException {
    for (String document : OperatorChart.documents(Files.readString(file))) {
      HasMetadata object = Serialization.unmarshal(document);
      Object typed =
          object.getKind().equals(StreamCluster.KIND)
              ? Serialization.unmarshal(document, StreamCluster.class)
              : object;
      assertThat(leaves(YAML.readValue(document, Map.class), ""))
          .as(
              "fields of %s/%s in %s that the model drops",
              object.getKind(), object.getMetadata().getName(), file.getFileName())
          .isSubsetOf(leaves(YAML.readValue(Serialization.asJson(typed), Map.class), ""));
      if (!(typed instanceof StreamCluster)) {
        assertThat(StrictModel.unknownFields(object)).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void streamClustersKeepTheCrdsRules(Path file) throws IOException {
    List<StreamCluster> clusters = streamClusters(file);

    assertThat(clusters).as("StreamClusters in %s", file.getFileName()).isNotEmpty();
    for (StreamCluster cluster : clusters) {
      var spec = cluster.getSpec();
      assertThat(spec.getAutoscaling().getMinEdges())
          .isLessThanOrEqualTo(spec.getAutoscaling().getMaxEdges());
      assertThat(spec.getAutoscaling().getTargetSubscribersPerEdge())
          .isLessThanOrEqualTo(spec.getEdge().getMaxSubscribers());
      assertThat(cluster.getMetadata().getNamespace())
          .as("examples go to the namespace kubectl is given")
          .isNull();
    }
  }

  @Test
  void liveIsTheMinimalExample() throws IOException {
    StreamCluster live = streamClusters(EXAMPLES.resolve("live.yaml")).get(0);

    assertThat(live.getMetadata().getName()).isEqualTo("live");
  }

  @Test
  void productionScalesBetweenTwoAndTwentyEdgesAtFifteenHundred() throws IOException {
    var autoscaling =
        streamClusters(EXAMPLES.resolve("production.yaml")).get(0).getSpec().getAutoscaling();

    assertThat(autoscaling.getMode()).isEqualTo(Mode.Subscribers);
    assertThat(autoscaling.getMinEdges()).isEqualTo(2);
    assertThat(autoscaling.getMaxEdges()).isEqualTo(20);
    assertThat(autoscaling.getTargetSubscribersPerEdge()).isEqualTo(1500);
    assertThat(autoscaling.getBehavior()).isNotNull();
  }

  @Test
  void launchHoldsRoomForTheAnnouncedEventsAndScalesAheadOfAnUnannouncedCrowd() throws IOException {
    var autoscaling =
        streamClusters(EXAMPLES.resolve("launch.yaml")).get(0).getSpec().getAutoscaling();
    AutoscalerConfig config = BehaviorAdapter.toConfig(autoscaling);

    assertThat(config.behavior().predictive())
        .contains(new PredictiveScaleUp(Duration.ofSeconds(30)));
    assertThat(BehaviorAdapter.overflow(autoscaling)).isEqualTo(OverflowPolicy.DEFAULT);
    assertThat(config.schedules())
        .containsExactly(
            // 20:00 in Berlin is 19:00 UTC in December; 20,000 viewers at 1,500 per edge
            new CapacitySchedule(
                "season-premiere",
                Instant.parse("2026-12-24T19:00:00Z"),
                Instant.parse("2026-12-24T18:45:00Z"),
                Instant.parse("2026-12-24T21:30:00Z"),
                0,
                20_000),
            new CapacitySchedule(
                "half-time-show",
                Instant.parse("2027-02-07T23:30:00Z"),
                Instant.parse("2027-02-07T23:20:00Z"),
                Instant.parse("2027-02-08T00:15:00Z"),
                10,
                0));
  }

  @Test
  void twoOriginsExampleRunsTwoOrigins() throws IOException {
    StreamCluster cluster = streamClusters(EXAMPLES.resolve("two-origins.yaml")).get(0);

    assertThat(cluster.getSpec().getOrigin().getReplicas()).isEqualTo(2);
  }

  @Test
  void externalModeIsScaledByAnHpaOnTheStreamClustersScaleSubresource() throws IOException {
    Path file = EXAMPLES.resolve("external-hpa.yaml");
    StreamCluster cluster = streamClusters(file).get(0);
    List<HorizontalPodAutoscaler> hpas =
        OperatorChart.parse(Files.readString(file)).stream()
            .filter(HorizontalPodAutoscaler.class::isInstance)
            .map(HorizontalPodAutoscaler.class::cast)
            .toList();

    assertThat(cluster.getSpec().getAutoscaling().getMode()).isEqualTo(Mode.External);
    assertThat(hpas)
        .singleElement()
        .satisfies(
            hpa -> {
              var target = hpa.getSpec().getScaleTargetRef();
              assertThat(target.getApiVersion()).isEqualTo("streamcluster.io/v1alpha1");
              assertThat(target.getKind()).isEqualTo(StreamCluster.KIND);
              assertThat(target.getName()).isEqualTo(cluster.getMetadata().getName());
              assertThat(hpa.getSpec().getMetrics())
                  .singleElement()
                  .satisfies(
                      metric ->
                          assertThat(metric.getPods().getMetric().getName())
                              .isEqualTo("streamcluster_subscribers"));
            });
  }

  static List<StreamCluster> streamClusters(Path file) throws IOException {
    List<StreamCluster> clusters = new ArrayList<>();
    for (String document : OperatorChart.documents(Files.readString(file))) {
      if (Serialization.unmarshal(document) instanceof HasMetadata o
          && StreamCluster.KIND.equals(o.getKind())) {
        clusters.add(Serialization.unmarshal(document, StreamCluster.class));
      }
    }
    return clusters;
  }

  /** Dotted paths of every scalar in a tree, list items by index. */
  @SuppressWarnings("unchecked")
  static TreeSet<String> leaves(Object node, String path) {
    TreeSet<String> paths = new TreeSet<>();
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> paths.addAll(leaves(v, path.isEmpty() ? "" + k : path + "." + k)));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        paths.addAll(leaves(list.get(i), path + "[" + i + "]"));
      }
    } else {
      paths.add(path);
    }
    return paths;
  }
}
