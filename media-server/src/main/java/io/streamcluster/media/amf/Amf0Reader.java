package io.streamcluster.media.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF0 values from a buffer, advancing its reader index. Every length is checked against the
 * bytes actually readable before anything is allocated, and nesting is bounded, so hostile input
 * ends in an {@link Amf0Exception}, never in an out-of-memory or stack overflow.
 */
final class Amf0Reader {

  static final int MAX_DEPTH = 64;

  private final ByteBuf in;
  private int depth;

  Amf0Reader(ByteBuf in) {
    this.in = in;
  }

  boolean hasMore() {
    return in.isReadable();
  }

  Object readValue() {
    int offset = in.readerIndex();
    require(1, offset, -1);
    int marker = in.readUnsignedByte();
    return switch (marker) {
      case Amf0Marker.NUMBER -> {
        require(8, offset, marker);
        yield in.readDouble();
      }
      case Amf0Marker.BOOLEAN -> {
        require(1, offset, marker);
        yield in.readByte() != 0;
      }
      case Amf0Marker.STRING -> readUtf8(in.readerIndex(), marker, false);
      case Amf0Marker.LONG_STRING, Amf0Marker.XML_DOCUMENT ->
          readUtf8(in.readerIndex(), marker, true);
      case Amf0Marker.NULL, Amf0Marker.UNDEFINED -> null;
      case Amf0Marker.OBJECT -> readProperties(new LinkedHashMap<>(), offset, marker);
      case Amf0Marker.TYPED_OBJECT -> {
        readUtf8(in.readerIndex(), marker, false); // class name: no Java type to map it to
        yield readProperties(new LinkedHashMap<>(), offset, marker);
      }
      case Amf0Marker.ECMA_ARRAY -> {
        // The count is only a hint (encoders get it wrong); the end marker is what ends the array.
        require(4, offset, marker);
        in.skipBytes(4);
        yield readProperties(new EcmaArray(), offset, marker);
      }
      case Amf0Marker.STRICT_ARRAY -> readStrictArray(offset, marker);
      case Amf0Marker.DATE -> {
        require(10, offset, marker);
        double millis = in.readDouble();
        yield new Amf0Date(millis, in.readShort());
      }
      case Amf0Marker.AVMPLUS_OBJECT ->
          throw new Amf0Exception("AMF3 values are not supported", offset, marker);
      case Amf0Marker.REFERENCE,
          Amf0Marker.MOVIECLIP,
          Amf0Marker.UNSUPPORTED,
          Amf0Marker.RECORDSET,
          Amf0Marker.OBJECT_END ->
          throw new Amf0Exception("unsupported AMF0 value", offset, marker);
      default -> throw new Amf0Exception("unknown AMF0 marker", offset, marker);
    };
  }

  private String readUtf8(int offset, int marker, boolean longLength) {
    require(longLength ? 4 : 2, offset, marker);
    long length = longLength ? in.readUnsignedInt() : in.readUnsignedShort();
    if (length > in.readableBytes()) {
      throw new Amf0Exception(
          "string length " + length + " exceeds the " + in.readableBytes() + " bytes left",
          offset,
          marker);
    }
    String value = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
    in.skipBytes((int) length);
    return value;
  }

  private <M extends Map<String, Object>> M readProperties(M properties, int offset, int marker) {
    enter(offset, marker);
    while (true) {
      if (marker == Amf0Marker.ECMA_ARRAY && !in.isReadable()) {
        break; // some encoders end an ECMA array at the end of the message, without an end marker
      }
      String key = readUtf8(in.readerIndex(), marker, false);
      if (key.isEmpty()) {
        require(1, in.readerIndex(), marker);
        if (in.getUnsignedByte(in.readerIndex()) == Amf0Marker.OBJECT_END) {
          in.skipBytes(1);
          break;
        }
      }
      properties.put(key, readValue());
    }
    depth--;
    return properties;
  }

  private List<Object> readStrictArray(int offset, int marker) {
    require(4, offset, marker);
    long count = in.readUnsignedInt();
    if (count > in.readableBytes()) {
      throw new Amf0Exception(
          "strict array of " + count + " values in " + in.readableBytes() + " bytes",
          offset,
          marker);
    }
    enter(offset, marker);
    List<Object> values = new ArrayList<>((int) Math.min(count, 1024));
    for (long i = 0; i < count; i++) {
      values.add(readValue());
    }
    depth--;
    return values;
  }

  private void enter(int offset, int marker) {
    if (++depth > MAX_DEPTH) {
      throw new Amf0Exception("nesting deeper than " + MAX_DEPTH, offset, marker);
    }
  }

  private void require(int bytes, int offset, int marker) {
    if (in.readableBytes() < bytes) {
      throw new Amf0Exception("truncated AMF0 value", offset, marker);
    }
  }
}
