package io.streamcluster.media.rtmp;

import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.PublishTokens;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What every RTMP connection of a server shares.
 *
 * @param admitsPlayers false while the server takes no new players (full or draining)
 */
public record RtmpContext(
    StreamRegistry streams,
    MediaLimits limits,
    MediaMetrics metrics,
    Optional<PublishTokens> publishTokens,
    RtmpFrameFormat format,
    BooleanSupplier admitsPlayers) {}
