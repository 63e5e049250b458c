package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;

/**
 * What a receiver remembers about one chunk stream of its peer: the last message header (later
 * headers on the stream are compressed against it), how much of the current message is still to
 * come, and the receiver's reassembly buffer for that message, if it keeps one. Kept up to date by
 * {@link RtmpChunkReader}.
 */
public final class InboundChunkStream {

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

  /** Payload bytes of the current message still to come; 0 between messages. */
  int bytesMissing;

  private ByteBuf partial;

  InboundChunkStream(int csid) {
    this.csid = csid;
  }

  public int csid() {
    return csid;
  }

  public int typeId() {
    return typeId;
  }

  public int messageStreamId() {
    return messageStreamId;
  }

  /** The current message's timestamp in milliseconds (32 bits, as the peer counts them). */
  public long timestamp() {
    return timestamp;
  }

  public int messageLength() {
    return messageLength;
  }

  /** Payload bytes of the current message that have not arrived yet. */
  public int bytesMissing() {
    return bytesMissing;
  }

  /** The buffer the receiver reassembles the current message in, or null if it keeps none. */
  public ByteBuf partial() {
    return partial;
  }

  /**
   * Hands this chunk stream a buffer to reassemble the current message in; it owns it until taken.
   */
  public void partial(ByteBuf buffer) {
    discardPartial();
    partial = buffer;
  }

  /** Takes the reassembly buffer out; the caller owns (and releases) it. */
  public ByteBuf takePartial() {
    ByteBuf taken = partial;
    partial = null;
    return taken;
  }

  /** Releases the reassembly buffer of a message that will not be completed. */
  public void discardPartial() {
    if (partial != null) {
      partial.release();
      partial = null;
    }
  }
}
