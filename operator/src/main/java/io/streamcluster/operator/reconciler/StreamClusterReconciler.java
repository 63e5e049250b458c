package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.model.ClusterModel;
import io.streamcluster.operator.model.ClusterNames;
import io.streamcluster.operator.model.ClusterSecretModel;
import io.streamcluster.operator.model.InvalidSpecException;
import io.streamcluster.operator.model.NetworkIsolation;
import io.streamcluster.operator.scaleloop.AutoscalerMetrics;
import io.streamcluster.operator.scaleloop.BehaviorAdapter;
import io.streamcluster.operator.scaleloop.EdgeScaler;
import io.streamcluster.operator.scaleloop.OriginAccess;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import io.streamcluster.operator.scaleloop.ScalingOutcome;
import io.streamcluster.operator.status.ClusterStatusModel;
import io.streamcluster.operator.status.ClusterStatusModel.Observed;
import io.streamcluster.operator.status.Conditions;
import io.streamcluster.operator.status.EdgeReachability;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a StreamCluster: validates its spec into a {@link ClusterModel}, lets the workflow
 * apply the owned objects (one dependent resource each), runs the edge autoscaler in mode {@code
 * Subscribers}, and applies a fresh status. An invalid spec becomes the Ready condition and an
 * event, and waits for the next spec change instead of being retried.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(
          name = StreamClusterReconciler.SECRET,
          type = ClusterSecretDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.ORIGIN_SERVICE,
          type = OriginServiceDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.ORIGIN_HEADLESS_SERVICE,
          type = OriginHeadlessServiceDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.ORIGINS,
          type = OriginStatefulSetDependentResource.class,
          dependsOn = {
            StreamClusterReconciler.SECRET,
            StreamClusterReconciler.ORIGIN_HEADLESS_SERVICE
          }),
      @Dependent(
          name = StreamClusterReconciler.ORIGIN_INTERNAL_SERVICE,
          type = OriginInternalServiceDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.EDGES,
          type = EdgeDeploymentDependentResource.class,
          dependsOn = {
            StreamClusterReconciler.SECRET,
            StreamClusterReconciler.ORIGIN_SERVICE,
            StreamClusterReconciler.ORIGIN_INTERNAL_SERVICE
          }),
      @Dependent(
          name = StreamClusterReconciler.EDGE_BUDGET,
          type = EdgeDisruptionBudgetDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.EDGE_SERVICES,
          type = EdgeServicesDependentResource.class),
      @Dependent(
          name = StreamClusterReconciler.NETWORK_POLICY,
          type = NetworkPolicyDependentResource.class,
          activationCondition = NetworkPolicyDependentResource.Enabled.class)
    })
@ControllerConfiguration(name = StreamClusterReconciler.NAME)
public class StreamClusterReconciler implements Reconciler<StreamCluster> {

  public static final String NAME = "streamcluster";
  static final String SECRET = "cluster-secret";
  static final String ORIGIN_SERVICE = "origin-service";
  static final String ORIGIN_HEADLESS_SERVICE = "origin-headless-service";
  static final String ORIGIN_INTERNAL_SERVICE = "origin-internal-service";
  static final String ORIGINS = "origin-statefulset";
  static final String EDGES = "edge-deployment";
  static final String EDGE_BUDGET = "edge-disruption-budget";
  static final String EDGE_SERVICES = "edge-services";
  static final String NETWORK_POLICY = "network-policy";

  private static final Logger log = LoggerFactory.getLogger(StreamClusterReconciler.class);

  private final String defaultImage;
  private final EdgeScaler edgeScaler;
  private final OriginEndpoints originEndpoints;
  private final InstantSource clock;
  private final OriginTlsFiles originTls = OriginTlsFiles.inTemporaryDirectory();
  private boolean readNodes = true;
  private Optional<NetworkIsolation> isolation = Optional.empty();
  private final AutoscalerMetrics metrics;

  public StreamClusterReconciler(
      String defaultImage,
      EdgeScaler edgeScaler,
      OriginEndpoints originEndpoints,
      InstantSource clock,
      AutoscalerMetrics metrics) {
    this.defaultImage = defaultImage;
    this.edgeScaler = edgeScaler;
    this.originEndpoints = originEndpoints;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Whether Nodes are watched for their external addresses (the default), before registering. */
  public StreamClusterReconciler readingNodes(boolean read) {
    this.readNodes = read;
    return this;
  }

  /** Whether each StreamCluster gets a NetworkPolicy for its internal port, before registering. */
  public StreamClusterReconciler isolating(Optional<NetworkIsolation> isolation) {
    this.isolation = isolation;
    return this;
  }

  @Override
  public List<EventSource<?, StreamCluster>> prepareEventSources(
      EventSourceContext<StreamCluster> context) {
    return ReachEventSources.create(context, readNodes);
  }

  @Override
  public UpdateControl<StreamCluster> reconcile(
      StreamCluster cluster, Context<StreamCluster> context) {
    forgetDeletedClusters(context);
    ClusterModel model;
    Optional<AutoscalerConfig> autoscaling;
    try {
      model =
          ClusterModel.fromCrd(
              cluster, defaultImage, ReachEventSources.tlsSecret(context, cluster));
      autoscaling =
          cluster.getSpec().getAutoscaling().getMode() == Mode.Subscribers
              ? Optional.of(BehaviorAdapter.toConfig(cluster.getSpec().getAutoscaling()))
              : Optional.empty();
    } catch (InvalidSpecException e) {
      return invalidSpec(cluster, context, e.getMessage());
    }
    DesiredModel.put(context, model);
    DesiredModel.putIsolation(context, isolation);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    EdgeReachability.Observed reach =
        EdgeAddressAnnotator.annotate(context, cluster, model.edges());
    Optional<ScalingOutcome> scaling =
        autoscaling.map(config -> scaleEdges(cluster, context, model, config));
    Observed observed =
        new Observed(
            secondary(context, StatefulSet.class, model.names().origin()),
            secondary(context, Deployment.class, model.names().edge()),
            secondary(context, Service.class, model.names().origin()),
            scaling,
            Optional.empty());
    Instant now = clock.instant();
    StreamClusterStatus status = ClusterStatusModel.compute(cluster, observed, now);
    reportReach(cluster, context, status, reach, now);
    UpdateControl<StreamCluster> control = UpdateControl.patchStatus(withStatus(cluster, status));
    scaling.ifPresent(s -> control.rescheduleAfter(s.nextSync()));
    return control;
  }

  /**
   * Adds whether viewers can reach the edges to the status, and records an Event for each change.
   */
  private static void reportReach(
      StreamCluster cluster,
      Context<StreamCluster> context,
      StreamClusterStatus status,
      EdgeReachability.Observed reach,
      Instant now) {
    List<Condition> before =
        cluster.getStatus() == null ? List.of() : cluster.getStatus().getConditions();
    EdgeReachability.Outcome outcome =
        EdgeReachability.apply(
            status.getConditions(), before, reach, status.getObservedGeneration(), now);
    status.setConditions(outcome.conditions());
    KubernetesEvents events = new KubernetesEvents(context.getClient(), cluster);
    for (EdgeReachability.Event event : outcome.events()) {
      if (event.warning()) {
        events.warning(event.reason(), event.message());
      } else {
        events.normal(event.reason(), event.message());
      }
    }
  }

  private ScalingOutcome scaleEdges(
      StreamCluster cluster,
      Context<StreamCluster> context,
      ClusterModel model,
      AutoscalerConfig config) {
    ClusterNames names = model.names();
    Optional<OriginAccess> origins =
        secondary(context, Secret.class, names.clusterSecret())
            .flatMap(ClusterSecretModel::secretBytes)
            .map(
                secret ->
                    new OriginAccess(
                        originEndpoints.origins(names, model.origin().replicas()),
                        // one secret per line during a rotation: the first signs
                        ClusterSecret.parse(secret, Clock.systemUTC()),
                        originTls.forCluster(
                            cluster, ReachEventSources.tlsSecret(context, cluster))));
    ScalingOutcome outcome =
        edgeScaler.sync(
            cluster.getMetadata().getUid(),
            config,
            BehaviorAdapter.overflow(cluster.getSpec().getAutoscaling()),
            model.edges().replicas(),
            origins,
            new KubernetesEdges(context.getClient(), cluster),
            new KubernetesEvents(context.getClient(), cluster));
    metrics.record(
        cluster.getMetadata().getUid(),
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getName(),
        outcome);
    return outcome;
  }

  /**
   * An impossible spec: say so in the status and once as an event, and do not retry; the next spec
   * change reconciles again.
   */
  private UpdateControl<StreamCluster> invalidSpec(
      StreamCluster cluster, Context<StreamCluster> context, String problem) {
    boolean alreadyReported =
        cluster.getStatus() != null
            && Objects.equals(
                cluster.getStatus().getObservedGeneration(), cluster.getMetadata().getGeneration())
            && Conditions.find(cluster.getStatus().getConditions(), StreamClusterStatus.READY)
                .filter(
                    c ->
                        ClusterStatusModel.INVALID_SPEC.equals(c.getReason())
                            && problem.equals(c.getMessage()))
                .isPresent();
    if (!alreadyReported) {
      log.warn(
          "StreamCluster {}/{}: invalid spec: {}",
          cluster.getMetadata().getNamespace(),
          cluster.getMetadata().getName(),
          problem);
      new KubernetesEvents(context.getClient(), cluster)
          .warning(ClusterStatusModel.INVALID_SPEC, problem);
    }
    return UpdateControl.patchStatus(
        withStatus(
            cluster,
            ClusterStatusModel.compute(
                cluster,
                Observed.failed(ClusterStatusModel.INVALID_SPEC, problem),
                clock.instant())));
  }

  @Override
  public ErrorStatusUpdateControl<StreamCluster> updateErrorStatus(
      StreamCluster cluster, Context<StreamCluster> context, Exception e) {
    if (gone(e)) {
      // deleted while this reconcile ran: nothing is wrong, and nothing is left to report on
      log.debug("StreamCluster {} went away during a reconcile", cluster.getMetadata().getName());
      return ErrorStatusUpdateControl.<StreamCluster>noStatusUpdate().withNoRetry();
    }
    String problem = rootMessage(e);
    new KubernetesEvents(context.getClient(), cluster)
        .warning(ClusterStatusModel.RECONCILE_FAILED, problem);
    ErrorStatusUpdateControl<StreamCluster> control =
        ErrorStatusUpdateControl.patchStatus(
            withStatus(
                cluster,
                ClusterStatusModel.compute(
                    cluster,
                    Observed.failed(ClusterStatusModel.RECONCILE_FAILED, problem),
                    clock.instant())));
    // the API server refused an object built from this spec: only a spec change can help
    return rejected(e) ? control.withNoRetry() : control;
  }

  /** Whether the StreamCluster itself was not found (its status could not be written). */
  private static boolean gone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getCode() == 404
          && k.getMessage() != null
          && k.getMessage().contains("streamclusters.streamcluster.io")) {
        return true;
      }
    }
    return false;
  }

  private static boolean rejected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 422) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (rejected(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
  }

  private void forgetDeletedClusters(Context<StreamCluster> context) {
    Set<String> existing =
        context
            .getPrimaryCache()
            .list()
            .map(c -> c.getMetadata().getUid())
            .collect(Collectors.toSet());
    edgeScaler.retain(existing);
    metrics.retain(existing);
  }

  private static <R extends HasMetadata> Optional<R> secondary(
      Context<StreamCluster> context, Class<R> type, String name) {
    return context
        .getSecondaryResourcesAsStream(type)
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }

  /** A fresh object with only the status the operator owns, for a server-side apply. */
  static StreamCluster withStatus(StreamCluster cluster, StreamClusterStatus status) {
    StreamCluster fresh = new StreamCluster();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(cluster.getMetadata().getName())
            .withNamespace(cluster.getMetadata().getNamespace())
            .build());
    fresh.setSpec(null);
    fresh.setStatus(status);
    return fresh;
  }
}
