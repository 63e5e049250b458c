package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.streamcluster.api.v1alpha1.OriginSpec;
import io.streamcluster.api.v1alpha1.ServiceSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The origin tier of a StreamCluster as Kubernetes objects: a StatefulSet (each origin gets a
 * stable DNS name through the headless Service, which edges need to check in with every origin), a
 * Service that exposes RTMP and HTTP to publishers, players and edges (which pull over RTMP), the
 * headless Service, and the internal Service: the origins' internal port (the cluster API), which
 * edges and the operator call and which is never exposed.
 */
public final class OriginModel {

  public static final String CONTAINER = "origin";

  private final StreamCluster owner;
  private final ClusterNames names;
  private final String image;
  private final int replicas;
  private final ServiceSpec service;
  private final ResourceRequirements resources;
  private final MediaServerTls tls;
  private final MediaServerAccess access;

  private OriginModel(StreamCluster owner, String defaultImage, MediaServerTls tls) {
    this.owner = owner;
    this.names = names(owner);
    this.image = MediaServerPod.image(owner, defaultImage);
    var spec = owner.getSpec().getOrigin();
    this.replicas = replicas(spec);
    this.service = spec.getService() == null ? new ServiceSpec() : spec.getService();
    this.resources = MediaServerPod.resources(spec.getResources(), "spec.origin.resources");
    this.tls = tls;
    this.access = MediaServerAccess.fromCrd(owner);
  }

  /** Validates the origin's part of the spec once; the generators then cannot fail. */
  public static OriginModel fromCrd(StreamCluster cluster, String defaultImage) {
    return fromCrd(cluster, defaultImage, MediaServerTls.fromCrd(cluster, Optional.empty()));
  }

  /** As {@link #fromCrd(StreamCluster, String)}, with TLS as the TLS Secret allows. */
  public static OriginModel fromCrd(
      StreamCluster cluster, String defaultImage, MediaServerTls tls) {
    return new OriginModel(cluster, defaultImage, tls);
  }

  /** The number of origins the spec asks for, its default when absent. */
  static int replicas(OriginSpec spec) {
    return spec.getReplicas() == null ? OriginSpec.DEFAULT_REPLICAS : spec.getReplicas();
  }

  static ClusterNames names(StreamCluster cluster) {
    return new ClusterNames(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace());
  }

  /**
   * The cluster API addresses ({@code host:internalPort}) of every origin, as edges ({@code
   * --origins}), origin peers ({@code --peers}) and the operator call them: the internal Service
   * for one origin, each origin pod's stable name for several.
   */
  public static List<String> originAddresses(ClusterNames names, int replicas) {
    if (replicas <= 1) {
      return List.of(names.originInternalHost() + ":" + ClusterNames.INTERNAL_PORT);
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      addresses.add(names.originPodHost(i) + ":" + ClusterNames.INTERNAL_PORT);
    }
    return addresses;
  }

  public StatefulSet generateStatefulSet() {
    return new StatefulSetBuilder()
        .withMetadata(MediaServerPod.ownedMetadata(names.origin(), names, Component.ORIGIN, owner))
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(names.originHeadless())
        // origins are peers, not a sequence: start and replace them all at once
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(Labels.selector(names.cluster(), Component.ORIGIN))
        .endSelector()
        .withTemplate(MediaServerPod.template(names, Component.ORIGIN, podSpec()))
        .endSpec()
        .build();
  }

  /** The origin pod: its container takes publishers and the edges' check-ins. */
  private PodSpec podSpec() {
    ContainerBuilder origin =
        MediaServerContainer.builder(CONTAINER, image, false, resources).withArgs(args());
    tls.addTo(origin, false);
    access.addTo(origin, Component.ORIGIN);
    PodSpecBuilder pod = MediaServerPod.podSpec(names, origin.build());
    tls.addTo(pod);
    access.addTo(pod, Component.ORIGIN);
    return pod.build();
  }

  /**
   * With several origins each is given the others as {@code --peers}, which it asks before it
   * accepts a publisher, so that a name is live on one origin at a time. The pods share one
   * template, so every origin gets the whole list, itself included: asking itself is harmless, as
   * it answers that a name is live only when it already publishes that name, which it would refuse
   * anyway.
   */
  private List<String> args() {
    List<String> args = new ArrayList<>(List.of("origin"));
    if (replicas > 1) {
      args.add("--peers");
      args.add(String.join(",", originAddresses(names, replicas)));
    }
    args.add("--cluster-secret-file");
    args.add(MediaServerPod.SECRET_FILE);
    args.addAll(MediaServerPod.fanOutArgs(owner));
    args.addAll(tls.args());
    args.addAll(access.args(Component.ORIGIN));
    return args;
  }

  /** The Service publishers push to and edges check in with; its type comes from the spec. */
  public Service generateService() {
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder(
                    MediaServerPod.ownedMetadata(names.origin(), names, Component.ORIGIN, owner))
                .withAnnotations(
                    service.getAnnotations() == null
                        ? Map.of()
                        : Map.copyOf(service.getAnnotations()))
                .build())
        .withNewSpec()
        .withType(service.getType().name())
        .withSelector(Labels.selector(names.cluster(), Component.ORIGIN))
        .withPorts(servicePorts(httpsServicePort()))
        .endSpec()
        .build();
  }

  /** The origin Service's HTTPS port: as {@code spec.origin.service.httpsPort} maps it. */
  private int httpsServicePort() {
    return service.getHttpsPort() == null ? MediaServerTls.HTTPS_PORT : service.getHttpsPort();
  }

  /** One DNS name per origin pod, also before it is ready (edges check in as origins start). */
  public Service generateHeadlessService() {
    return new ServiceBuilder()
        .withMetadata(
            MediaServerPod.ownedMetadata(names.originHeadless(), names, Component.ORIGIN, owner))
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selector(names.cluster(), Component.ORIGIN))
        .withPorts(servicePorts(MediaServerTls.HTTPS_PORT))
        .endSpec()
        .build();
  }

  /**
   * The origins' internal port on its own ClusterIP Service: what edges check in with and the
   * operator reads the cluster from. Kept apart from the public Service, whose type the spec may
   * make LoadBalancer. It carries the RTMP port too: with one origin an edge's {@code --origins}
   * names this Service, and the edge pulls a stream over RTMP from the host it looked the stream up
   * on.
   */
  public Service generateInternalService() {
    return new ServiceBuilder()
        .withMetadata(
            MediaServerPod.ownedMetadata(names.originInternal(), names, Component.ORIGIN, owner))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(names.cluster(), Component.ORIGIN))
        .withPorts(
            new ServicePortBuilder()
                .withName(MediaServerPod.INTERNAL_PORT_NAME)
                .withPort(ClusterNames.INTERNAL_PORT)
                .withNewTargetPort(MediaServerPod.INTERNAL_PORT_NAME)
                .withProtocol("TCP")
                .build(),
            new ServicePortBuilder()
                .withName(MediaServerPod.RTMP_PORT_NAME)
                .withPort(ClusterNames.RTMP_PORT)
                .withNewTargetPort(MediaServerPod.RTMP_PORT_NAME)
                .withProtocol("TCP")
                .build())
        .endSpec()
        .build();
  }

  /** RTMP and HTTP, then with TLS RTMPS and HTTPS (as {@code httpsPort}). */
  private List<ServicePort> servicePorts(int httpsPort) {
    List<ServicePort> ports = new ArrayList<>(plainServicePorts());
    ports.addAll(tls.servicePorts(httpsPort));
    return ports;
  }

  private static List<ServicePort> plainServicePorts() {
    return List.of(
        new ServicePortBuilder()
            .withName(MediaServerPod.RTMP_PORT_NAME)
            .withPort(ClusterNames.RTMP_PORT)
            .withNewTargetPort(MediaServerPod.RTMP_PORT_NAME)
            .withProtocol("TCP")
            .build(),
        new ServicePortBuilder()
            .withName(MediaServerPod.HTTP_PORT_NAME)
            .withPort(ClusterNames.HTTP_PORT)
            .withNewTargetPort(MediaServerPod.HTTP_PORT_NAME)
            .withProtocol("TCP")
            .build());
  }

  public ClusterNames names() {
    return names;
  }

  public int replicas() {
    return replicas;
  }

  public MediaServerTls tls() {
    return tls;
  }
}
