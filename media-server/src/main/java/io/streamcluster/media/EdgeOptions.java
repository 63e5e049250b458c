package io.streamcluster.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * @param advertiseHostFile when present, the file the address players reach it at is read from,
 *     again before each check-in, instead of {@code advertiseHost} ({@code --advertise-host-file})
 */
public record EdgeOptions(
    String id,
    List<String> origins,
    String advertiseHost,
    Duration checkInInterval,
    Duration upstreamGrace,
    Optional<Path> advertiseHostFile) {

  public EdgeOptions {
    origins = List.copyOf(origins);
  }
}
