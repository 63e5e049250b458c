package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.streamcluster.api.v1alpha1.EdgeSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.ClusterDefaults;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edge tier of a StreamCluster as Kubernetes objects: a Deployment of edges configured with the
 * origins' addresses, and a PodDisruptionBudget that lets voluntary disruptions (node drains) take
 * one edge at a time.
 *
 * <p>An edge drains by itself on SIGTERM: it leaves the rotation, keeps serving its players and
 * exits when they have left or after {@code drainTimeoutSeconds}. The pod's grace period is that
 * timeout plus {@link #GRACE_MARGIN_SECONDS}, so the kubelet never kills a draining edge early.
 */
public final class EdgeModel {

  public static final String CONTAINER = "edge";
  public static final long GRACE_MARGIN_SECONDS = 30;
  public static final String ADVERTISE_HOST_ENV = EdgeAdvertising.ADVERTISE_HOST_ENV;
  public static final String EDGE_ID_ENV = EdgeAdvertising.EDGE_ID_ENV;

  private final StreamCluster owner;
  private final ClusterNames names;
  private final String image;
  private final int replicas;
  private final int maxSubscribers;
  private final EdgeAdvertising advertising;
  private final int drainTimeoutSeconds;
  private final List<String> origins;
  private final ResourceRequirements resources;
  private final MediaServerTls tls;
  private final MediaServerAccess access;

  private EdgeModel(StreamCluster owner, String defaultImage, MediaServerTls tls) {
    this.owner = owner;
    this.names = OriginModel.names(owner);
    this.image = MediaServerPod.image(owner, defaultImage);
    var spec = owner.getSpec();
    this.replicas = valueOr(spec.getEdge().getReplicas(), EdgeSpec.DEFAULT_REPLICAS);
    this.maxSubscribers =
        valueOr(spec.getEdge().getMaxSubscribers(), ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE);
    this.advertising = EdgeAdvertising.fromSpec(spec.getEdge());
    this.drainTimeoutSeconds =
        valueOr(
            spec.getAutoscaling().getDrainTimeoutSeconds(), ClusterDefaults.DRAIN_TIMEOUT_SECONDS);
    this.origins = OriginModel.originAddresses(names, OriginModel.replicas(spec.getOrigin()));
    this.resources = MediaServerPod.resources(spec.getEdge().getResources(), "spec.edge.resources");
    this.tls = tls;
    this.access = MediaServerAccess.fromCrd(owner);
  }

  /** Validates the edges' part of the spec once; the generators then cannot fail. */
  public static EdgeModel fromCrd(StreamCluster cluster, String defaultImage) {
    return fromCrd(cluster, defaultImage, MediaServerTls.fromCrd(cluster, Optional.empty()));
  }

  /** As {@link #fromCrd(StreamCluster, String)}, with TLS as the TLS Secret allows. */
  public static EdgeModel fromCrd(StreamCluster cluster, String defaultImage, MediaServerTls tls) {
    return new EdgeModel(cluster, defaultImage, tls);
  }

  private static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  public Deployment generateDeployment() {
    return new DeploymentBuilder()
        .withMetadata(MediaServerPod.ownedMetadata(names.edge(), names, Component.EDGE, owner))
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Labels.selector(names.cluster(), Component.EDGE))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        // a replaced edge drains its players: add the new one before the old one leaves
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString(maxUnavailableDuringUpdate()))
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(MediaServerPod.template(names, Component.EDGE, podSpec()))
        .endSpec()
        .build();
  }

  /**
   * The edge pod: its container configured with the origins, a grace period outlasting the drain.
   */
  private PodSpec podSpec() {
    List<String> args = new ArrayList<>();
    args.add("edge");
    args.add("--origins");
    args.add(String.join(",", origins));
    args.add("--max-subscribers");
    args.add(Integer.toString(maxSubscribers));
    args.add("--drain-timeout-seconds");
    args.add(Integer.toString(drainTimeoutSeconds));
    args.add("--cluster-secret-file");
    args.add(MediaServerPod.SECRET_FILE);
    args.addAll(MediaServerPod.fanOutArgs(owner));
    args.addAll(advertising.args());
    args.addAll(tls.args());
    args.addAll(access.args(Component.EDGE));
    ContainerBuilder edge =
        MediaServerContainer.builder(CONTAINER, image, advertising.hostPorts(), resources)
            .withArgs(args)
            .withEnv(advertising.env());
    advertising.volumeMount().ifPresent(edge::addToVolumeMounts);
    tls.addTo(edge, advertising.hostPorts());
    access.addTo(edge, Component.EDGE);
    PodSpecBuilder pod =
        MediaServerPod.podSpec(names, edge.build())
            .withTerminationGracePeriodSeconds(drainTimeoutSeconds + GRACE_MARGIN_SECONDS);
    advertising.volume().ifPresent(pod::addToVolumes);
    tls.addTo(pod);
    access.addTo(pod, Component.EDGE);
    advertising.affinity(names).ifPresent(pod::withAffinity);
    return pod.build();
  }

  /**
   * Normally none: a replaced edge drains while its successor already serves. With host ports the
   * successor may need the node its predecessor leaves (no spare node), so one edge may go first.
   */
  private int maxUnavailableDuringUpdate() {
    return advertising.hostPorts() ? 1 : 0;
  }

  public PodDisruptionBudget generatePodDisruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(MediaServerPod.ownedMetadata(names.edge(), names, Component.EDGE, owner))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(names.cluster(), Component.EDGE))
        .endSelector()
        .endSpec()
        .build();
  }

  public ClusterNames names() {
    return names;
  }

  public MediaServerTls tls() {
    return tls;
  }

  /** How the edges learn the address they hand out. */
  public EdgeAdvertising advertising() {
    return advertising;
  }

  public int replicas() {
    return replicas;
  }
}
