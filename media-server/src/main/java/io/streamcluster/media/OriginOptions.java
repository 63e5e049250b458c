package io.streamcluster.media;

import java.time.Duration;
import java.util.List;

/**
 * What only an origin uses.
 *
 * @param peers the other origins of the cluster ({@code host:internalPort}), asked before a
 *     publisher is accepted so that one name is live on one origin at a time ({@code --peers})
 * @param edgeTtl how long an edge stays in the rotation without checking in ({@code
 *     --edge-ttl-seconds})
 */
public record OriginOptions(List<String> peers, Duration edgeTtl) {

  public OriginOptions {
    peers = List.copyOf(peers);
  }
}
