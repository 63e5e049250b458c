package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.OriginTls;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to call a cluster's origins: their base URIs (every origin; each knows every edge, since
 * edges check in with all of them), the secret that signs the calls, and, when their internal port
 * speaks TLS, how they are verified.
 */
public record OriginAccess(List<URI> origins, ClusterSecret secret, Optional<OriginTls> tls) {

  public OriginAccess {
    origins = List.copyOf(origins);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tls, "tls");
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("no origin to call");
    }
  }

  /** Over plain HTTP. */
  public OriginAccess(List<URI> origins, ClusterSecret secret) {
    this(origins, secret, Optional.empty());
  }
}
