package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;

/**
 * One access unit on its way into a movie fragment: its bytes (a retained slice of the frame's
 * payload, released once written), its decode time and duration in the track's timescale, the
 * offset of its presentation time, and whether a decoder can start at it.
 */
final class Sample {

  final ByteBuf data;
  final long decodeTime;
  final int compositionOffset;
  final boolean sync;
  int duration;

  Sample(ByteBuf data, long decodeTime, int compositionOffset, boolean sync) {
    this.data = data;
    this.decodeTime = decodeTime;
    this.compositionOffset = compositionOffset;
    this.sync = sync;
  }

  int size() {
    return data.readableBytes();
  }

  void release() {
    data.release();
  }
}
