package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;

/**
 * The encodings of one frame or batch, at most one per wire format. Each is made once, under the
 * owner's lock, and then read without one: every player of a batch asks for it, on several event
 * loops at once, and a lock per player and batch would be taken thousands of times a second.
 */
final class Encodings {

  /** RTMP chunks, FLV tags, FLV tags as HTTP chunks, and one to spare. */
  static final int MAX_FORMATS = 4;

  private final FrameFormat[] formats = new FrameFormat[MAX_FORMATS];
  private final ByteBuf[] buffers = new ByteBuf[MAX_FORMATS];
  // Written after the arrays' new entry: a reader that sees the count sees the entry.
  private volatile int count;

  /** The encoding in {@code format}, or null when it has not been made yet. */
  ByteBuf find(FrameFormat format) {
    int n = count;
    for (int i = 0; i < n; i++) {
      if (formats[i] == format) {
        return buffers[i];
      }
    }
    return null;
  }

  /** Keeps {@code encoding} as the one in {@code format}; call under the owner's lock. */
  ByteBuf add(FrameFormat format, ByteBuf encoding) {
    int n = count;
    if (n == MAX_FORMATS) {
      encoding.release();
      throw new IllegalStateException("at most " + MAX_FORMATS + " wire formats per frame");
    }
    formats[n] = format;
    buffers[n] = encoding;
    count = n + 1;
    return encoding;
  }

  /** Releases every encoding; call under the owner's lock, once. */
  void releaseAll() {
    int n = count;
    for (int i = 0; i < n; i++) {
      buffers[i].release();
      buffers[i] = null;
    }
    count = 0;
  }
}
