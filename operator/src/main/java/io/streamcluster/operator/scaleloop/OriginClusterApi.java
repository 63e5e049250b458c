package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@link ClusterLoadSource} over the origins' cluster API, through the cluster API's one client,
 * signed with the cluster secret.
 */
public final class OriginClusterApi implements ClusterLoadSource {

  private final ClusterApiClient api;

  public OriginClusterApi(Duration timeout) {
    this.api = new ClusterApiClient(timeout);
  }

  @Override
  public ClusterLoad read(OriginAccess access) throws IOException {
    List<ClusterView> views = api.signedWith(access.secret()).clusterViews(access.origins());
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
    api.signedWith(access.secret()).adviseRotation(access.origins(), advice);
  }

  @Override
  public boolean drain(OriginAccess access, String edgeId) throws IOException {
    return api.signedWith(access.secret()).drain(access.origins(), edgeId);
  }
}
