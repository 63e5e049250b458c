package io.streamcluster.media.origin;

import java.util.Locale;
import java.util.Optional;

/** How the origin picks the next edge for a player. */
public enum RoutingPolicy {
  /** In turn over the edges with room (what {@code /cluster} does). */
  ROUND_ROBIN,
  /** The edge with the lowest share of its capacity in use. */
  LEAST_LOADED;

  /** Parses {@code round-robin} or {@code least-loaded}. */
  public static Optional<RoutingPolicy> parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "round-robin" -> Optional.of(ROUND_ROBIN);
      case "least-loaded" -> Optional.of(LEAST_LOADED);
      default -> Optional.empty();
    };
  }
}
