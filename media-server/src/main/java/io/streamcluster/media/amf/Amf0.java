package io.streamcluster.media.amf;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * AMF0, the encoding of RTMP commands and data messages.
 *
 * <p>Mapping: number ↔ {@link Double} (any {@link Number} is written as a number), boolean ↔ {@link
 * Boolean}, string and long string ↔ {@link String} (written as a long string above 65535 UTF-8
 * bytes), object ↔ {@code Map<String, Object>} (a {@link java.util.LinkedHashMap}, order kept),
 * ECMA array ↔ {@link EcmaArray}, strict array ↔ {@code List<Object>}, date ↔ {@link Amf0Date} (an
 * {@link java.time.Instant} is written as a date), null and undefined → {@code null}. A typed
 * object is read as a plain map and an XML document as a string. References, movie clips, record
 * sets, the unsupported marker and the switch to AMF3 are rejected with an {@link Amf0Exception}.
 *
 * <p>Decoding advances the buffer's reader index; after an exception its position is unspecified.
 */
public final class Amf0 {

  private Amf0() {}

  /** Decodes one value. */
  public static Object decode(ByteBuf in) {
    return new Amf0Reader(in).readValue();
  }

  /** Decodes values until the buffer has no readable bytes left. */
  public static List<Object> decodeAll(ByteBuf in) {
    Amf0Reader reader = new Amf0Reader(in);
    List<Object> values = new ArrayList<>();
    while (reader.hasMore()) {
      values.add(reader.readValue());
    }
    return values;
  }

  public static void encode(ByteBuf out, Object value) {
    new Amf0Writer(out).writeValue(value);
  }

  public static void encodeAll(ByteBuf out, Object... values) {
    Amf0Writer writer = new Amf0Writer(out);
    for (Object value : values) {
      writer.writeValue(value);
    }
  }
}
