package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;

/**
 * A partial segment: one movie fragment of a parent segment. Parts are numbered across the whole
 * rendition ({@code index}), so the URI of the next part is known before it is known which segment
 * it will belong to (what {@code EXT-X-PRELOAD-HINT} announces). Owns its buffer.
 *
 * @param index the part's number in the rendition
 * @param msn the media sequence number of its parent segment
 * @param indexInSegment the Part Index within the parent segment (for {@code _HLS_part})
 * @param durationMillis its duration on the stream's clock
 * @param independent whether it starts with a keyframe
 */
record HlsPart(
    long index,
    long msn,
    int indexInSegment,
    long durationMillis,
    boolean independent,
    ByteBuf data) {

  void release() {
    data.release();
  }
}
