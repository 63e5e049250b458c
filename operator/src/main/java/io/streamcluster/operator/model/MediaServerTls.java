package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.media.ClusterDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLS in origin and edge pods ({@code spec.tls}): the {@code kubernetes.io/tls} Secret mounted as a
 * directory (so a renewed Secret reaches the running server, which re-reads its files), its files
 * passed as {@code --tls-cert-file} and {@code --tls-key-file}, the RTMPS and HTTPS ports on the
 * container and the Services, and for edges and origins (which call their peers) the Secret's
 * {@code ca.crt}, when it has one, as the CA that origins are verified with ({@code
 * --origin-ca-file}), and {@code spec.tls.originServerName} as the name on the origins' certificate
 * ({@code --origin-tls-name}). The operator verifies origins the same way ({@code OriginTlsFiles}).
 *
 * <p>Without {@code spec.tls} every method adds nothing.
 */
public final class MediaServerTls {

  public static final String VOLUME = "tls";
  public static final String DIR = "/etc/streamcluster/tls";
  public static final String CERT_FILE = DIR + "/tls.crt";
  public static final String KEY_FILE = DIR + "/tls.key";
  public static final String CA_KEY = "ca.crt";
  public static final String CA_FILE = DIR + "/" + CA_KEY;
  public static final String RTMPS_PORT_NAME = "rtmps";
  public static final String HTTPS_PORT_NAME = "https";
  public static final int RTMPS_PORT = ClusterDefaults.RTMPS_PORT;
  public static final int HTTPS_PORT = ClusterDefaults.HTTPS_PORT;

  private static final MediaServerTls OFF = new MediaServerTls(null, false, Optional.empty());

  private final String secretName;
  private final boolean originCa;
  private final Optional<String> originServerName;

  private MediaServerTls(String secretName, boolean originCa, Optional<String> originServerName) {
    this.secretName = secretName;
    this.originCa = originCa;
    this.originServerName = originServerName;
  }

  /**
   * @param secret the Secret {@code spec.tls.secretName} names, as the operator sees it now; empty
   *     while it does not exist (the pods then wait for it, and are updated when it appears)
   */
  public static MediaServerTls fromCrd(StreamCluster cluster, Optional<Secret> secret) {
    TlsSpec tls = cluster.getSpec().getTls();
    if (tls == null) {
      return OFF;
    }
    String name = tls.getSecretName() == null ? "" : tls.getSecretName().strip();
    if (name.isEmpty()) {
      throw new InvalidSpecException("spec.tls.secretName is empty");
    }
    boolean ca =
        secret
            .map(Secret::getData)
            .map(data -> data.get(CA_KEY))
            .filter(v -> !v.isBlank())
            .isPresent();
    Optional<String> originName =
        Optional.ofNullable(tls.getOriginServerName()).map(String::strip).filter(n -> !n.isEmpty());
    return new MediaServerTls(name, ca, originName);
  }

  /** The Secret's name, when TLS is on. */
  public static Optional<String> secretName(StreamCluster cluster) {
    return Optional.ofNullable(cluster.getSpec().getTls())
        .map(TlsSpec::getSecretName)
        .map(String::strip)
        .filter(n -> !n.isEmpty());
  }

  /**
   * The origin's {@code GET /cluster} URL: HTTPS on the origin Service's HTTPS port with TLS, HTTP
   * otherwise.
   */
  public static String clusterUrl(StreamCluster cluster) {
    ClusterNames names = OriginModel.names(cluster);
    if (secretName(cluster).isEmpty()) {
      return names.clusterUrl();
    }
    Integer mapped = cluster.getSpec().getOrigin().getService().getHttpsPort();
    return "https://"
        + names.originHost()
        + ":"
        + (mapped == null ? HTTPS_PORT : mapped)
        + "/cluster";
  }

  /** The port publishers push to: RTMPS with TLS, RTMP otherwise. */
  public static int publishPort(StreamCluster cluster) {
    return secretName(cluster).isPresent() ? RTMPS_PORT : ClusterNames.RTMP_PORT;
  }

  public boolean enabled() {
    return secretName != null;
  }

  /** The name the origins' certificate is verified for, when the spec names one. */
  public Optional<String> originServerName() {
    return originServerName;
  }

  /** Whether origins are verified with the Secret's own CA rather than the system's. */
  public boolean originCa() {
    return originCa;
  }

  /**
   * The server's certificate flags, and how it verifies the origins it calls (an edge its
   * upstreams, an origin its peers): the Secret's CA and the origins' certificate name.
   */
  List<String> args() {
    if (!enabled()) {
      return List.of();
    }
    List<String> args =
        new ArrayList<>(List.of("--tls-cert-file", CERT_FILE, "--tls-key-file", KEY_FILE));
    if (originCa) {
      args.add("--origin-ca-file");
      args.add(CA_FILE);
    }
    if (originServerName.isPresent()) {
      args.add("--origin-tls-name");
      args.add(originServerName.get());
    }
    return args;
  }

  /** The RTMPS and HTTPS ports and the Secret's mount; both on the node too with {@code onHost}. */
  void addTo(ContainerBuilder container, boolean onHost) {
    if (!enabled()) {
      return;
    }
    container
        .addToPorts(port(RTMPS_PORT_NAME, RTMPS_PORT, onHost))
        .addToPorts(port(HTTPS_PORT_NAME, HTTPS_PORT, onHost))
        .addToVolumeMounts(
            new VolumeMountBuilder()
                .withName(VOLUME)
                .withMountPath(DIR)
                .withReadOnly(true)
                .build());
  }

  void addTo(PodSpecBuilder pod) {
    if (!enabled()) {
      return;
    }
    pod.addToVolumes(
        new VolumeBuilder()
            .withName(VOLUME)
            .withNewSecret()
            .withSecretName(secretName)
            .withDefaultMode(0440)
            .endSecret()
            .build());
  }

  /** The Service ports of the TLS listeners: RTMPS, and HTTPS as {@code httpsPort}. */
  List<ServicePort> servicePorts(int httpsPort) {
    if (!enabled()) {
      return List.of();
    }
    return List.of(
        servicePort(RTMPS_PORT_NAME, RTMPS_PORT), servicePort(HTTPS_PORT_NAME, httpsPort));
  }

  private static ContainerPort port(String name, int number, boolean onHost) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withHostPort(onHost ? number : null)
        .withProtocol("TCP")
        .build();
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withNewTargetPort(name)
        .withProtocol("TCP")
        .build();
  }
}
