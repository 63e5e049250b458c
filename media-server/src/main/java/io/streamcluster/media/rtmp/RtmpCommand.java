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
 * An RTMP command (RTMP specification, section 7.2): {@code connect}, {@code createStream}, {@code
 * publish}, {@code play}, {@code onStatus}, {@code _result} ... as AMF0 values: the name, the
 * transaction id, the command object (often null) and the optional arguments.
 *
 * @param arguments the values after the command object; may contain nulls
 */
public record RtmpCommand(
    String name, double transactionId, Object commandObject, List<Object> arguments) {

  public RtmpCommand {
    Objects.requireNonNull(name, "name");
    arguments =
        arguments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  public static RtmpCommand of(
      String name, double transactionId, Object commandObject, Object... arguments) {
    return new RtmpCommand(name, transactionId, commandObject, Arrays.asList(arguments));
  }

  /**
   * Reads a command from a {@link RtmpMessageType#COMMAND_AMF0} or {@link
   * RtmpMessageType#COMMAND_AMF3} message, leaving the message and its reader index alone.
   *
   * @throws RtmpProtocolException when the message is not a command or has no name
   * @throws io.streamcluster.media.amf.Amf0Exception when its AMF0 is malformed
   */
  public static RtmpCommand decode(RtmpMessage message) {
    List<Object> values =
        AmfPayloads.values(message, RtmpMessageType.COMMAND_AMF0, RtmpMessageType.COMMAND_AMF3);
    if (values.isEmpty() || !(values.get(0) instanceof String name)) {
      throw new RtmpProtocolException("command without a name");
    }
    double transactionId =
        values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new RtmpCommand(name, transactionId, commandObject, arguments);
  }

  /** The argument at {@code index}, or null when the command has fewer. */
  public Object argument(int index) {
    return index < arguments.size() ? arguments.get(index) : null;
  }

  /** The command as a {@link RtmpMessageType#COMMAND_AMF0} message with timestamp 0. */
  public RtmpMessage toMessage(ByteBufAllocator alloc, int csid, int msid) {
    ByteBuf payload = alloc.buffer();
    try {
      Amf0.encodeAll(payload, name, transactionId, commandObject);
      Amf0.encodeAll(payload, arguments.toArray());
    } catch (RuntimeException e) {
      payload.release();
      throw e;
    }
    return new RtmpMessage(csid, RtmpMessageType.COMMAND_AMF0, 0, msid, payload);
  }
}
