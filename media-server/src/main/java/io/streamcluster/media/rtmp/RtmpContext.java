package io.streamcluster.media.rtmp;

import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.function.BooleanSupplier;

/**
 * What every RTMP connection of a server shares.
 *
 * @param admitsPlayers false while the server takes no new players (full or draining)
 * @param publishing who may publish here: {@link PublishPolicy#LOCAL} on origins and standalone
 *     servers, {@link PublishPolicy#NONE} on edges (their streams come from upstream)
 * @param publishGate asked before a publisher is accepted (other origins of the cluster)
 * @param publishAccess who may publish (tokens, webhook)
 * @param playAccess who may play (tokens, webhook)
 */
public record RtmpContext(
    StreamRegistry streams,
    MediaLimits limits,
    MediaMetrics metrics,
    RtmpFrameFormat format,
    BooleanSupplier admitsPlayers,
    PublishPolicy publishing,
    PublishGate publishGate,
    StreamAccess publishAccess,
    StreamAccess playAccess) {

  /** Whether RTMP clients may publish to this server. */
  public enum PublishPolicy {
    LOCAL,
    NONE
  }
}
