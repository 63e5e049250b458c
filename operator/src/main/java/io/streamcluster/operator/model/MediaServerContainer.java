package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/**
 * The media-server container as origin and edge pods run it: the RTMP, HTTP and internal ports (the
 * internal one never on the node, whatever the public ones do), the probes on the server's health
 * endpoints, a locked-down security context, the resources of the role and the mounts of the
 * cluster secret and a writable {@code /tmp}. Each role adds what is its own: the arguments, and
 * for the edge its environment.
 */
final class MediaServerContainer {

  private MediaServerContainer() {}

  /**
   * A container {@code name} running {@code image}, its ports on the node as well when {@code
   * portsOnHost}; {@code resources} as validated by {@link MediaServerPod#resources}.
   */
  static ContainerBuilder builder(
      String name, String image, boolean portsOnHost, ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withPorts(ports(portsOnHost))
        .withReadinessProbe(readinessProbe())
        .withLivenessProbe(livenessProbe())
        .withResources(resources)
        .withSecurityContext(securityContext())
        .withVolumeMounts(volumeMounts());
  }

  private static List<ContainerPort> ports(boolean onHost) {
    return List.of(
        port(MediaServerPod.RTMP_PORT_NAME, ClusterNames.RTMP_PORT, onHost),
        port(MediaServerPod.HTTP_PORT_NAME, ClusterNames.HTTP_PORT, onHost),
        port(MediaServerPod.INTERNAL_PORT_NAME, ClusterNames.INTERNAL_PORT, false));
  }

  private static ContainerPort port(String name, int number, boolean onHost) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withHostPort(onHost ? number : null)
        .withProtocol("TCP")
        .build();
  }

  /**
   * Ready while the server takes new players (an edge once an origin has accepted its check-in);
   * not ready once it drains.
   */
  private static Probe readinessProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/readyz")
        .withNewPort(MediaServerPod.HTTP_PORT_NAME)
        .endHttpGet()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(2)
        .withFailureThreshold(2)
        .build();
  }

  private static Probe livenessProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withNewPort(MediaServerPod.HTTP_PORT_NAME)
        .endHttpGet()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .build();
  }

  private static SecurityContext securityContext() {
    Capabilities none = new CapabilitiesBuilder().withDrop("ALL").build();
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withPrivileged(false)
        .withCapabilities(none)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static List<VolumeMount> volumeMounts() {
    return List.of(
        new VolumeMountBuilder()
            .withName(MediaServerPod.SECRET_VOLUME)
            .withMountPath(MediaServerPod.SECRET_DIR)
            .withReadOnly(true)
            .build(),
        new VolumeMountBuilder().withName(MediaServerPod.TMP_VOLUME).withMountPath("/tmp").build());
  }
}
