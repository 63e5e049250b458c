package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;

/**
 * One media initialization section of a rendition: a new one follows every change of codec
 * configuration. Owns its buffer.
 *
 * @param index its number within the rendition, part of its URI
 */
record HlsInit(int index, Tracks tracks, ByteBuf data) {

  void release() {
    data.release();
  }
}
