package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.streamcluster.api.v1alpha1.EdgeSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an edge learns the address the origins hand out for it, per {@code spec.edge.advertise}.
 *
 * <ul>
 *   <li>{@code PodIP} and {@code NodeIP}: the downward API knows the address when the container
 *       starts ({@code status.podIP}, {@code status.hostIP}), given to it as {@code
 *       --advertise-host} through the environment.
 *   <li>{@code NodeExternalIP} and {@code LoadBalancer}: the address exists only later and outside
 *       the pod (the node's external address, the ingress of the edge's own Service), so the
 *       operator writes it into the pod annotation {@value #ADVERTISE_ADDRESS_ANNOTATION}, and a
 *       downward-API volume (which the kubelet keeps current) turns it into the file the edge reads
 *       before every check-in ({@code --advertise-host-file}). Edges get no API access for it.
 * </ul>
 *
 * <p>{@code spec.edge.advertiseHostname} replaces the address with a name per edge: in the first
 * two modes Kubernetes expands it in the environment ({@code $(STREAMCLUSTER_EDGE_ID)} is the pod
 * name), in the last two the operator writes the name once the edge has an external address.
 *
 * <p>Node addresses need the edge's ports on the node: two edges of a cluster on one node would
 * want the same ports, so a required pod anti-affinity keeps them on different nodes (the scheduler
 * would refuse the second anyway; the anti-affinity says why), and a rolling update may take one
 * edge down before its successor is ready, since on a cluster with no spare node the successor can
 * only take the node its predecessor leaves.
 */
public final class EdgeAdvertising {

  /** On an edge pod: the address (or name) it hands out, written by the operator. */
  public static final String ADVERTISE_ADDRESS_ANNOTATION = "streamcluster.io/advertise-address";

  /**
   * On a Node: its external address where the Node's status has no {@code ExternalIP} (bare metal,
   * NAT); set by the platform team, read by the operator, preferred over the status.
   */
  public static final String NODE_EXTERNAL_ADDRESS_ANNOTATION = "streamcluster.io/external-address";

  /**
   * On an edge pod in mode {@code LoadBalancer}: its own name, written by the operator, so that the
   * edge's Service can select this one pod (Deployment pods have no per-pod label of their own).
   */
  public static final String EDGE_POD_LABEL = "streamcluster.io/edge-pod";

  public static final String VOLUME = "advertise";
  public static final String DIR = "/etc/streamcluster/advertise";
  public static final String FILE = DIR + "/address";
  public static final String ADVERTISE_HOST_ENV = "STREAMCLUSTER_ADVERTISE_HOST";
  public static final String EDGE_ID_ENV = "STREAMCLUSTER_EDGE_ID";

  private final Advertise mode;
  private final Optional<String> hostname;

  private EdgeAdvertising(Advertise mode, Optional<String> hostname) {
    this.mode = mode;
    this.hostname = hostname;
  }

  /** The edge spec's advertise mode and hostname template, validated once. */
  public static EdgeAdvertising fromSpec(EdgeSpec spec) {
    Advertise mode = spec.getAdvertise() == null ? Advertise.PodIP : spec.getAdvertise();
    Optional<String> hostname =
        Optional.ofNullable(spec.getAdvertiseHostname())
            .map(String::strip)
            .filter(h -> !h.isEmpty());
    hostname.ifPresent(EdgeAdvertising::checkTemplate);
    return new EdgeAdvertising(mode, hostname);
  }

  private static void checkTemplate(String template) {
    if (!template.contains(EdgeSpec.POD_PLACEHOLDER)) {
      throw new InvalidSpecException(
          "spec.edge.advertiseHostname must contain "
              + EdgeSpec.POD_PLACEHOLDER
              + " (one name per edge): "
              + template);
    }
  }

  public Advertise mode() {
    return mode;
  }

  /** Whether the operator tells the edge its address (through the pod annotation). */
  public boolean operatorWritesAddress() {
    return mode == Advertise.NodeExternalIP || mode == Advertise.LoadBalancer;
  }

  /** Whether the edge's ports are taken on its node as well. */
  public boolean hostPorts() {
    return mode.usesHostPorts();
  }

  /** The template with {@code {pod}} still in it, when names are handed out. */
  public Optional<String> hostnameTemplate() {
    return hostname;
  }

  /** The name the edge {@code pod} hands out, when names are handed out. */
  public Optional<String> hostnameOf(String pod) {
    return hostname.map(template -> template.replace(EdgeSpec.POD_PLACEHOLDER, pod));
  }

  /** The edge's id first, as the address may refer to it. */
  List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef(EDGE_ID_ENV, "metadata.name"));
    if (operatorWritesAddress()) {
      return env;
    }
    if (hostname.isPresent()) {
      env.add(
          new EnvVarBuilder()
              .withName(ADVERTISE_HOST_ENV)
              .withValue(hostname.get().replace(EdgeSpec.POD_PLACEHOLDER, "$(" + EDGE_ID_ENV + ")"))
              .build());
    } else {
      env.add(
          fieldRef(ADVERTISE_HOST_ENV, mode == Advertise.PodIP ? "status.podIP" : "status.hostIP"));
    }
    return env;
  }

  List<String> args() {
    return operatorWritesAddress() ? List.of("--advertise-host-file", FILE) : List.of();
  }

  Optional<VolumeMount> volumeMount() {
    if (!operatorWritesAddress()) {
      return Optional.empty();
    }
    return Optional.of(
        new VolumeMountBuilder().withName(VOLUME).withMountPath(DIR).withReadOnly(true).build());
  }

  /** The annotation as a file; empty (no address) until the operator writes it. */
  Optional<Volume> volume() {
    if (!operatorWritesAddress()) {
      return Optional.empty();
    }
    return Optional.of(
        new VolumeBuilder()
            .withName(VOLUME)
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("address")
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("metadata.annotations['" + ADVERTISE_ADDRESS_ANNOTATION + "']")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .build());
  }

  /** With host ports: never two edges of the cluster on one node. */
  Optional<Affinity> affinity(ClusterNames names) {
    if (!hostPorts()) {
      return Optional.empty();
    }
    return Optional.of(
        new AffinityBuilder()
            .withNewPodAntiAffinity()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey("kubernetes.io/hostname")
            .withNewLabelSelector()
            .withMatchLabels(Labels.selector(names.cluster(), Component.EDGE))
            .endLabelSelector()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .build());
  }

  private static EnvVar fieldRef(String name, String field) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(field)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
