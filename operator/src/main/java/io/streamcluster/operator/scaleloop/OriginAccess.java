package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.ClusterSecret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How to call a cluster's origins: their HTTP base URIs (every origin; each knows every edge, since
 * edges check in with all of them) and the secret that signs the calls.
 */
public record OriginAccess(List<URI> origins, ClusterSecret secret) {

  public OriginAccess {
    origins = List.copyOf(origins);
    Objects.requireNonNull(secret, "secret");
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("no origin to call");
    }
  }
}
