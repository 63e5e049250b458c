package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.streamcluster.api.v1alpha1.EdgeSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.ClusterDefaults;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;

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
  public static final String ADVERTISE_HOST_ENV = "STREAMCLUSTER_ADVERTISE_HOST";
  public static final String EDGE_ID_ENV = "STREAMCLUSTER_EDGE_ID";

  private final StreamCluster owner;
  private final ClusterNames names;
  private final String image;
  private final int replicas;
  private final int maxSubscribers;
  private final Advertise advertise;
  private final int drainTimeoutSeconds;
  private final List<String> origins;
  private final ResourceRequirements resources;

  private EdgeModel(StreamCluster owner, String defaultImage) {
    this.owner = owner;
    this.names = OriginModel.names(owner);
    this.image = MediaServerPod.image(owner, defaultImage);
    var spec = owner.getSpec();
    this.replicas = valueOr(spec.getEdge().getReplicas(), EdgeSpec.DEFAULT_REPLICAS);
    this.maxSubscribers =
        valueOr(spec.getEdge().getMaxSubscribers(), ClusterDefaults.MAX_SUBSCRIBERS_PER_EDGE);
    this.advertise =
        spec.getEdge().getAdvertise() == null ? Advertise.PodIP : spec.getEdge().getAdvertise();
    this.drainTimeoutSeconds =
        valueOr(
            spec.getAutoscaling().getDrainTimeoutSeconds(), ClusterDefaults.DRAIN_TIMEOUT_SECONDS);
    this.origins = OriginModel.originAddresses(names, OriginModel.replicas(spec.getOrigin()));
    this.resources = MediaServerPod.resources(spec.getEdge().getResources(), "spec.edge.resources");
  }

  /** Validates the edges' part of the spec once; the generators then cannot fail. */
  public static EdgeModel fromCrd(StreamCluster cluster, String defaultImage) {
    return new EdgeModel(cluster, defaultImage);
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
        .withMaxUnavailable(new IntOrString(0))
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
    Container edge =
        MediaServerContainer.builder(CONTAINER, image, advertise != Advertise.PodIP, resources)
            .withArgs(args)
            .withEnv(advertiseHost(), edgeId())
            .build();
    return MediaServerPod.podSpec(names, edge)
        .withTerminationGracePeriodSeconds(drainTimeoutSeconds + GRACE_MARGIN_SECONDS)
        .build();
  }

  /**
   * The address the origin hands out for this edge. The downward API knows the pod IP and the
   * node's primary IP, not the node's external IP: {@code NodeExternalIP} gets the node IP as the
   * best value available in the pod (right on nodes whose primary address is the public one, e.g.
   * bare metal; behind cloud NAT an external address needs a resolver the operator does not have
   * yet). Node addresses need the edge's ports on the node, so those modes use host ports.
   */
  private EnvVar advertiseHost() {
    String field =
        switch (advertise) {
          case PodIP -> "status.podIP";
          case NodeIP, NodeExternalIP -> "status.hostIP";
        };
    return new EnvVarBuilder()
        .withName(ADVERTISE_HOST_ENV)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(field)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /** Edge ids are pod names: the operator drains an edge and lowers its pod's deletion cost. */
  private static EnvVar edgeId() {
    return new EnvVarBuilder()
        .withName(EDGE_ID_ENV)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .build();
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

  public int replicas() {
    return replicas;
  }
}
