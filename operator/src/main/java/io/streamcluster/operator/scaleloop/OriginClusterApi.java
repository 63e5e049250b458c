package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterView;
import java.io.IOException;
import java.time.Duration;

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
    // every origin knows every edge: the first that answers will do
    ClusterView view = api.signedWith(access.secret()).clusterView(access.origins());
    return new ClusterLoad(view.edges(), view.subscribers());
  }

  @Override
  public boolean drain(OriginAccess access, String edgeId) throws IOException {
    return api.signedWith(access.secret()).drain(access.origins(), edgeId);
  }
}
