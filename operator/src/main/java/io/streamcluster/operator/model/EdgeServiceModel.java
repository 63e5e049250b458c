package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.streamcluster.api.v1alpha1.EdgeLoadBalancerSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-edge Services of {@code advertise: LoadBalancer}: one Service of type LoadBalancer per
 * edge pod, named after the pod, selecting that pod alone through the label {@link
 * EdgeAdvertising#EDGE_POD_LABEL} the operator puts on it. Its ports are the edge's own (the edge
 * reports them in its check-ins, and players use them on the load balancer's address).
 *
 * <p>A Service lives as long as its pod, draining included: a draining edge still carries players
 * through it. Owned by the StreamCluster (the operator deletes it once the pod is gone) and by the
 * pod as well, so that garbage collection removes it with the pod even while no operator runs.
 *
 * <p>{@code externalTrafficPolicy: Local}: the load balancer sends players straight to the one node
 * that runs the edge (no second hop through another node) and the edge sees their addresses.
 */
public final class EdgeServiceModel {

  /** A Service's name is a DNS label: pods with longer names get no Service. */
  public static final int MAX_NAME = 63;

  /** external-dns publishes this name for the Service's load balancer. */
  public static final String EXTERNAL_DNS_HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

  private final StreamCluster owner;
  private final ClusterNames names;
  private final EdgeAdvertising advertising;
  private final MediaServerTls tls;
  private final Map<String, String> annotations;

  private EdgeServiceModel(StreamCluster owner, EdgeAdvertising advertising, MediaServerTls tls) {
    this.owner = owner;
    this.names = OriginModel.names(owner);
    this.advertising = advertising;
    this.tls = tls;
    this.annotations =
        Optional.ofNullable(owner.getSpec().getEdge().getLoadBalancer())
            .map(EdgeLoadBalancerSpec::getAnnotations)
            .map(Map::copyOf)
            .orElse(Map.of());
  }

  public static EdgeServiceModel of(StreamCluster owner, EdgeModel edges) {
    return new EdgeServiceModel(owner, edges.advertising(), edges.tls());
  }

  /** Whether edges get Services of their own. */
  public boolean enabled() {
    return advertising.mode() == Advertise.LoadBalancer;
  }

  /** Whether {@code pod} can have a Service named after it. */
  public static boolean nameFits(Pod pod) {
    return pod.getMetadata().getName().length() <= MAX_NAME;
  }

  /** The Service of the edge {@code pod}. */
  public Service generateService(Pod pod) {
    String podName = pod.getMetadata().getName();
    Map<String, String> serviceAnnotations = new LinkedHashMap<>(annotations);
    advertising
        .hostnameOf(podName)
        .ifPresent(h -> serviceAnnotations.put(EXTERNAL_DNS_HOSTNAME, h));
    Map<String, String> selector =
        new LinkedHashMap<>(Labels.selector(names.cluster(), Component.EDGE));
    selector.put(EdgeAdvertising.EDGE_POD_LABEL, podName);
    return new ServiceBuilder()
        .withMetadata(
            new ObjectMetaBuilder(
                    MediaServerPod.ownedMetadata(podName, names, Component.EDGE, owner))
                .withAnnotations(serviceAnnotations)
                .addToOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withName(podName)
                        .withUid(pod.getMetadata().getUid())
                        .withController(false)
                        .withBlockOwnerDeletion(false)
                        .build())
                .build())
        .withNewSpec()
        .withType("LoadBalancer")
        .withExternalTrafficPolicy("Local")
        .withSelector(selector)
        .withPorts(ports())
        .endSpec()
        .build();
  }

  private List<ServicePort> ports() {
    List<ServicePort> ports = new ArrayList<>();
    ports.add(port(MediaServerPod.RTMP_PORT_NAME, ClusterNames.RTMP_PORT));
    ports.add(port(MediaServerPod.HTTP_PORT_NAME, ClusterNames.HTTP_PORT));
    ports.addAll(tls.servicePorts(MediaServerTls.HTTPS_PORT));
    return ports;
  }

  private static ServicePort port(String name, int number) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(number)
        .withNewTargetPort(name)
        .withProtocol("TCP")
        .build();
  }
}
