package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;

/**
 * What the decoder remembers about one chunk stream of a peer: the last message header (later
 * headers on the stream are compressed against it) and the message being reassembled, if any.
 */
final class InboundChunkStream {

  final int csid;

  /** Absolute timestamp of the current (or last) message. */
  long timestamp;

  /**
   * The last timestamp field as sent: the absolute timestamp after a type 0 header, the delta after
   * a type 1 or 2 header. A type 3 header that starts a new message adds it again.
   */
  long timestampField;

  int messageLength;
  int typeId;
  int messageStreamId;

  /** The last header's timestamp did not fit in 24 bits, so type 3 chunks may repeat it. */
  boolean extendedTimestamp;

  /** Whether this peer repeats the extended timestamp after type 3 headers; null until seen. */
  Boolean repeatsExtendedTimestamp;

  /** The message being reassembled, or null between messages. */
  ByteBuf partial;

  InboundChunkStream(int csid) {
    this.csid = csid;
  }

  int bytesMissing() {
    return messageLength - (partial == null ? 0 : partial.writerIndex());
  }

  void discardPartial() {
    if (partial != null) {
      partial.release();
      partial = null;
    }
  }
}
