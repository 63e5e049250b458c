package io.streamcluster.media;

import java.time.Duration;
import java.util.List;

/**
 * What only an edge uses.
 *
 * @param id the edge's id in check-ins, its pod name in Kubernetes ({@code --edge-id})
 * @param origins the origins it checks in with and pulls from ({@code host:internalPort}, {@code
 *     --origins})
 * @param advertiseHost the address players reach it at, which the origins hand out ({@code
 *     --advertise-host})
 * @param checkInInterval how often it checks in with each origin ({@code --check-in-interval-ms})
 * @param upstreamGrace how long it keeps pulling a stream after the stream's last player left
 *     ({@code --upstream-grace-seconds})
 */
public record EdgeOptions(
    String id,
    List<String> origins,
    String advertiseHost,
    Duration checkInInterval,
    Duration upstreamGrace) {

  public EdgeOptions {
    origins = List.copyOf(origins);
  }
}
