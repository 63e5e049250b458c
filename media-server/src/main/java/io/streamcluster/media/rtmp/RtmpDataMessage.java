package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.streamcluster.media.amf.Amf0;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A data message (RTMP specification, section 7.1.2): a handler name such as {@code onMetaData} and
 * its AMF0 values. Publishers wrap metadata as {@code @setDataFrame("onMetaData", {...})}; players
 * are sent the unwrapped {@code onMetaData({...})}.
 *
 * @param values the values after the name; may contain nulls
 */
public record RtmpDataMessage(String name, List<Object> values) {

  public static final String SET_DATA_FRAME = "@setDataFrame";
  public static final String ON_META_DATA = "onMetaData";

  public RtmpDataMessage {
    Objects.requireNonNull(name, "name");
    values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }

  public static RtmpDataMessage of(String name, Object... values) {
    return new RtmpDataMessage(name, Arrays.asList(values));
  }

  /**
   * Reads a {@link RtmpMessageType#DATA_AMF0} or {@link RtmpMessageType#DATA_AMF3} message, leaving
   * the message and its reader index alone.
   *
   * @throws RtmpProtocolException when the message is not a data message or has no name
   * @throws io.streamcluster.media.amf.Amf0Exception when its AMF0 is malformed
   */
  public static RtmpDataMessage decode(RtmpMessage message) {
    List<Object> values =
        AmfPayloads.values(message, RtmpMessageType.DATA_AMF0, RtmpMessageType.DATA_AMF3);
    if (values.isEmpty() || !(values.get(0) instanceof String name)) {
      throw new RtmpProtocolException("data message without a name");
    }
    return new RtmpDataMessage(name, values.subList(1, values.size()));
  }

  /**
   * The message a publisher meant to set: {@code @setDataFrame(name, values...)} becomes {@code
   * name(values...)}; any other message is returned as it is.
   */
  public RtmpDataMessage withoutSetDataFrame() {
    if (name.equals(SET_DATA_FRAME) && !values.isEmpty() && values.get(0) instanceof String inner) {
      return new RtmpDataMessage(inner, values.subList(1, values.size()));
    }
    return this;
  }

  /** The value at {@code index}, or null when there are fewer. */
  public Object value(int index) {
    return index < values.size() ? values.get(index) : null;
  }

  /** The message as a {@link RtmpMessageType#DATA_AMF0} message. */
  public RtmpMessage toMessage(ByteBufAllocator alloc, int csid, long timestamp, int msid) {
    ByteBuf payload = alloc.buffer();
    try {
      Amf0.encode(payload, name);
      Amf0.encodeAll(payload, values.toArray());
    } catch (RuntimeException e) {
      payload.release();
      throw e;
    }
    return new RtmpMessage(csid, RtmpMessageType.DATA_AMF0, timestamp, msid, payload);
  }
}
