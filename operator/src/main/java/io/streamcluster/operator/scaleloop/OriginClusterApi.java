package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterView;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.media.clusterapi.RotationAdvice;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterLoadSource} over the origins' cluster API, through the cluster API's one client,
 * signed with the cluster secret; over TLS, verified as the cluster's {@link OriginAccess#tls()}
 * says, when its origins' internal port speaks TLS.
 */
public final class OriginClusterApi implements ClusterLoadSource {

  private final Duration timeout;
  private final ClusterApiClient plain;
  private final Map<OriginTls, ClusterApiClient> overTls = new ConcurrentHashMap<>();

  public OriginClusterApi(Duration timeout) {
    this.timeout = timeout;
    this.plain = new ClusterApiClient(timeout);
  }

  @Override
  public ClusterLoad read(OriginAccess access) throws IOException {
    List<ClusterView> views = client(access).clusterViews(origins(access));
    // every origin knows every edge: the first that answered will do; each rotation is its own
    ClusterView view = views.get(0);
    return new ClusterLoad(
        view.edges(),
        view.subscribers(),
        views.stream().mapToLong(ClusterView::refusals).sum(),
        views.stream().mapToLong(ClusterView::waitingViewers).sum());
  }

  @Override
  public void advise(OriginAccess access, RotationAdvice advice) throws IOException {
    client(access).adviseRotation(origins(access), advice);
  }

  @Override
  public boolean drain(OriginAccess access, String edgeId) throws IOException {
    return client(access).drain(origins(access), edgeId);
  }

  private ClusterApiClient client(OriginAccess access) {
    ClusterApiClient client =
        access
            .tls()
            .map(
                tls ->
                    overTls.computeIfAbsent(
                        tls, t -> new ClusterApiClient(timeout, Optional.of(t))))
            .orElse(plain);
    return client.signedWith(access.secret());
  }

  /** The origins' addresses in the scheme of the client (HTTPS over TLS). */
  private static List<URI> origins(OriginAccess access) {
    if (access.tls().isEmpty()) {
      return access.origins();
    }
    return access.origins().stream()
        .map(origin -> URI.create("https://" + origin.getAuthority()))
        .toList();
  }
}
