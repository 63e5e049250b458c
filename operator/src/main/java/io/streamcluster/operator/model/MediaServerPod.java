package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What origin and edge pods have in common: the owned metadata, the image, the pod spec around the
 * {@link MediaServerContainer} with its security context, the cluster secret volume and a writable
 * {@code /tmp} (the root filesystem is read-only, and the JVM and Netty's native transport need a
 * temporary directory).
 */
public final class MediaServerPod {

  public static final String RTMP_PORT_NAME = "rtmp";
  public static final String HTTP_PORT_NAME = "http";
  public static final String INTERNAL_PORT_NAME = "internal";
  public static final String SECRET_VOLUME = "cluster-secret";
  public static final String SECRET_DIR = "/etc/streamcluster/cluster";
  public static final String SECRET_KEY = "cluster-secret";
  public static final String SECRET_FILE = SECRET_DIR + "/" + SECRET_KEY;
  public static final String TMP_VOLUME = "tmp";

  /** A non-root user with no name in any image: the pod does not depend on the image's USER. */
  public static final long RUN_AS_USER = 10001L;

  private MediaServerPod() {}

  /** The image to run: the cluster's own, or the operator's default. */
  public static String image(StreamCluster cluster, String defaultImage) {
    String image = cluster.getSpec().getImage();
    if (image == null || image.isBlank()) {
      image = defaultImage;
    }
    if (image == null || image.isBlank()) {
      throw new InvalidSpecException(
          "spec.image is empty and the operator has no default media-server image");
    }
    return image.strip();
  }

  /**
   * The media server's {@code --fan-out-interval-ms} when the StreamCluster sets {@code
   * spec.fanOutIntervalMs}; none otherwise (the server's default).
   */
  static List<String> fanOutArgs(StreamCluster cluster) {
    Integer interval = cluster.getSpec().getFanOutIntervalMs();
    return interval == null
        ? List.of()
        : List.of("--fan-out-interval-ms", Integer.toString(interval));
  }

  /**
   * The metadata of an object the StreamCluster owns: its name in the cluster's namespace, the
   * labels of its component, and the controller owner reference.
   */
  public static ObjectMeta ownedMetadata(
      String name, ClusterNames names, Labels.Component component, HasMetadata owner) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(names.namespace())
        .withLabels(Labels.of(names.cluster(), component))
        .withOwnerReferences(ownerReference(owner))
        .build();
  }

  /** A controller owner reference to the StreamCluster, so garbage collection follows it. */
  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * The pod spec of either role around its media-server container: no service account token, no
   * service links, the pod security context and the volumes the container mounts.
   */
  static PodSpecBuilder podSpec(ClusterNames names, Container container) {
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(podSecurityContext())
        .withContainers(container)
        .withVolumes(volumes(names));
  }

  /** The pod template of a role's workload: the component's labels and {@code spec}. */
  static PodTemplateSpec template(ClusterNames names, Labels.Component component, PodSpec spec) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Labels.of(names.cluster(), component))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private static PodSecurityContext podSecurityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS_USER)
        .withRunAsGroup(RUN_AS_USER)
        .withFsGroup(RUN_AS_USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static List<Volume> volumes(ClusterNames names) {
    return List.of(
        new VolumeBuilder()
            .withName(SECRET_VOLUME)
            .withNewSecret()
            .withSecretName(names.clusterSecret())
            .withDefaultMode(0440)
            .endSecret()
            .build(),
        new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  /**
   * The container's resources as the spec gives them, refused when a request exceeds its limit (the
   * API server would reject the pod template, and only the workload's events would say why).
   */
  static ResourceRequirements resources(ResourceRequirements spec, String field) {
    if (spec == null) {
      return null;
    }
    Map<String, Quantity> requests = spec.getRequests() == null ? Map.of() : spec.getRequests();
    Map<String, Quantity> limits = spec.getLimits() == null ? Map.of() : spec.getLimits();
    List<String> problems = new ArrayList<>();
    requests.forEach(
        (name, request) -> {
          Quantity limit = limits.get(name);
          try {
            if (limit != null
                && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit))
                    > 0) {
              problems.add(name + " request " + request + " exceeds its limit " + limit);
            }
          } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(field + ": " + String.join("; ", problems));
    }
    return new ResourceRequirementsBuilder(spec).build();
  }
}
