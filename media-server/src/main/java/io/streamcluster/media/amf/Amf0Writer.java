package io.streamcluster.media.amf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes Java values in their AMF0 form; the inverse of {@link Amf0Reader}'s mapping. */
final class Amf0Writer {

  private static final int MAX_SHORT_STRING = 0xFFFF;

  private final ByteBuf out;
  private int depth;

  Amf0Writer(ByteBuf out) {
    this.out = out;
  }

  void writeValue(Object value) {
    if (value == null) {
      out.writeByte(Amf0Marker.NULL);
    } else if (value instanceof Number number) {
      out.writeByte(Amf0Marker.NUMBER);
      out.writeDouble(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      out.writeByte(Amf0Marker.BOOLEAN);
      out.writeByte(bool ? 1 : 0);
    } else if (value instanceof CharSequence text) {
      writeString(text);
    } else if (value instanceof EcmaArray array) {
      out.writeByte(Amf0Marker.ECMA_ARRAY);
      out.writeInt(array.size());
      writeProperties(array);
    } else if (value instanceof Map<?, ?> object) {
      out.writeByte(Amf0Marker.OBJECT);
      writeProperties(object);
    } else if (value instanceof List<?> list) {
      writeStrictArray(list);
    } else if (value instanceof Object[] array) {
      writeStrictArray(Arrays.asList(array));
    } else if (value instanceof Amf0Date date) {
      writeDate(date);
    } else if (value instanceof Instant instant) {
      writeDate(Amf0Date.of(instant));
    } else {
      throw new Amf0Exception("no AMF0 form for " + value.getClass().getName());
    }
  }

  private void writeString(CharSequence text) {
    int length = ByteBufUtil.utf8Bytes(text);
    if (length > MAX_SHORT_STRING) {
      out.writeByte(Amf0Marker.LONG_STRING);
      out.writeInt(length);
    } else {
      out.writeByte(Amf0Marker.STRING);
      out.writeShort(length);
    }
    ByteBufUtil.reserveAndWriteUtf8(out, text, length);
  }

  private void writeKey(String key) {
    int length = ByteBufUtil.utf8Bytes(key);
    if (length > MAX_SHORT_STRING) {
      throw new Amf0Exception("property name longer than 65535 bytes");
    }
    out.writeShort(length);
    ByteBufUtil.reserveAndWriteUtf8(out, key, length);
  }

  private void writeProperties(Map<?, ?> properties) {
    enter();
    for (Map.Entry<?, ?> property : properties.entrySet()) {
      writeKey(String.valueOf(property.getKey()));
      writeValue(property.getValue());
    }
    out.writeShort(0);
    out.writeByte(Amf0Marker.OBJECT_END);
    depth--;
  }

  private void writeStrictArray(List<?> values) {
    enter();
    out.writeByte(Amf0Marker.STRICT_ARRAY);
    out.writeInt(values.size());
    for (Object value : values) {
      writeValue(value);
    }
    depth--;
  }

  private void writeDate(Amf0Date date) {
    out.writeByte(Amf0Marker.DATE);
    out.writeDouble(date.epochMillis());
    out.writeShort(date.timeZone());
  }

  private void enter() {
    if (++depth > Amf0Reader.MAX_DEPTH) {
      throw new Amf0Exception("nesting deeper than " + Amf0Reader.MAX_DEPTH + " (a cycle?)");
    }
  }
}
