package io.streamcluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamcluster.operator.reconciler.StreamClusterReconciler;
import io.streamcluster.operator.scaleloop.AutoscalerMetrics;
import io.streamcluster.operator.scaleloop.ClusterLoadSource;
import io.streamcluster.operator.scaleloop.EdgeScaler;
import io.streamcluster.operator.scaleloop.OriginClusterApi;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StreamCluster operator: JOSDK's {@link Operator} with the StreamCluster reconciler
 * registered, configured from {@link OperatorSettings}. Where origins are reached and the load
 * source are parameters so that an operator outside the cluster, or a test, can reach origins
 * elsewhere.
 */
public final class StreamClusterOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamClusterOperator.class);

  /** 1 while every informer is connected to the API server, 0 otherwise. */
  public static final String INFORMERS_HEALTHY = "streamcluster.operator.informers.healthy";

  private final Operator operator;
  private final OperatorSettings settings;

  private StreamClusterOperator(Operator operator, OperatorSettings settings) {
    this.operator = operator;
    this.settings = settings;
  }

  /** The operator as it runs in a cluster: origins by their Service DNS names. */
  public static StreamClusterOperator create(
      KubernetesClient client, OperatorSettings settings, MeterRegistry metrics) {
    return create(
        client,
        settings,
        metrics,
        OriginEndpoints.serviceDns(),
        new OriginClusterApi(settings.originTimeout()));
  }

  public static StreamClusterOperator create(
      KubernetesClient client,
      OperatorSettings settings,
      MeterRegistry metrics,
      OriginEndpoints originEndpoints,
      ClusterLoadSource loadSource) {
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics))
                  // the CRD is installed by Helm or the manifests, not by the operator
                  .checkingCRDAndValidateLocalModel(false)
                  .withCloseClientOnStop(false);
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        settings.leaseName(), settings.leaseNamespace().orElse(null)));
              }
            });
    EdgeScaler scaler = new EdgeScaler(loadSource, settings.syncPeriod(), InstantSource.system());
    operator.register(
        new StreamClusterReconciler(
                settings.mediaServerImage(),
                scaler,
                originEndpoints,
                InstantSource.system(),
                new AutoscalerMetrics(metrics))
            .readingNodes(settings.readNodes())
            .isolating(settings.networkIsolation()),
        config -> {
          if (!settings.watchNamespaces().isEmpty()) {
            config.settingNamespaces(settings.watchNamespaces());
          }
        });
    StreamClusterOperator created = new StreamClusterOperator(operator, settings);
    Gauge.builder(INFORMERS_HEALTHY, created, o -> o.healthy() ? 1 : 0)
        .description("1 while every informer is connected to the API server")
        .register(metrics);
    return created;
  }

  public StreamClusterOperator start() {
    operator.start();
    log.info(
        "StreamCluster operator started: namespaces {}, sync period {} s, default image {}",
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
        settings.syncPeriod().toSeconds(),
        settings.mediaServerImage());
    return this;
  }

  /**
   * The liveness probe's answer: the process's own health, whatever the API server does. An
   * operator cut off from the API server reconnects by itself once it is back, and restarting it
   * would only add a cold start (and a leader election) to the outage; so this asks no informer.
   */
  public boolean alive() {
    return started();
  }

  /**
   * Started, and every informer is connected: false while the API server cannot be reached. Not a
   * probe (see {@link #alive()}); exported as the gauge {@value #INFORMERS_HEALTHY}.
   */
  public boolean healthy() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  public boolean started() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
