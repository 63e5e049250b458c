package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.marcnuri.helm.TemplateCommand;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json (and the chart's own checks) turn a bad value into a failed install whose
 * message names the value and what is wrong with it, before anything reaches the cluster.
 */
class ChartValuesSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicas", "0", "replicas"),
        Arguments.of("replicas", "two", "replicas"),
        Arguments.of("replica", "2", "replica"),
        Arguments.of("image.pullPolicy", "Sometimes", "pullPolicy"),
        Arguments.of("image.repository", "Streamcluster/Operator", "repository"),
        Arguments.of("image.tag", "0.1.0 beta", "tag"),
        Arguments.of("mediaServer.image.repository", "", "repository"),
        Arguments.of("watchNamespaces[0]", "Live_Streams", "watchNamespaces"),
        Arguments.of("watchNamespaces", "live", "watchNamespaces"),
        Arguments.of("operator.logLevel", "verbose", "logLevel"),
        Arguments.of("operator.logFormat", "xml", "logFormat"),
        Arguments.of("operator.httpPort", "80", "httpPort"),
        Arguments.of("operator.syncPeriodSeconds", "0", "syncPeriodSeconds"),
        Arguments.of("resources.limits.memory", "lots", "memory"),
        Arguments.of("metrics.serviceMonitor.interval", "30", "interval"),
        Arguments.of("grafana.dashboard.enabled", "maybe", "enabled"),
        Arguments.of("leaderElection.enable", "true", "enable"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValueFailsNamingIt(String key, String value, String named) {
    TemplateCommand command = OperatorChart.template().set(key, value);

    Throwable failure = catchThrowable(command::call);

    assertThat(failure).as("%s=%s must be refused", key, value).isNotNull();
    assertThat(failure.getMessage())
        .as("the message for %s=%s", key, value)
        .contains("schema")
        .contains(named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistentValues")
  void inconsistentValuesFailWithTheReason(String why, String[] settings, String reason) {
    TemplateCommand command = OperatorChart.template();
    for (String setting : settings) {
      String[] pair = setting.split("=", 2);
      command.set(pair[0], pair[1]);
    }

    Throwable failure = catchThrowable(command::call);

    assertThat(failure).as(why).isNotNull();
    assertThat(failure.getMessage()).contains(reason);
  }

  static Stream<Arguments> inconsistentValues() {
    return Stream.of(
        Arguments.of(
            "several replicas without leader election",
            new String[] {"replicas=2", "leaderElection.enabled=false"},
            "replicas > 1 needs leaderElection.enabled=true"),
        Arguments.of(
            "a ServiceMonitor without the Service it scrapes",
            new String[] {"metrics.serviceMonitor.enabled=true", "metrics.service.enabled=false"},
            "metrics.serviceMonitor.enabled needs metrics.service.enabled"),
        Arguments.of(
            "no ServiceAccount to run as",
            new String[] {"serviceAccount.create=false"},
            "serviceAccount.name: name the existing ServiceAccount"));
  }
}
