package io.streamcluster.media.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

  @Test
  void roundTripsEveryScalarType() {
    List<Object> values =
        Arrays.asList(
            3.5,
            -0.0,
            Double.MAX_VALUE,
            true,
            false,
            "",
            "connect",
            "h\u00e9llo \ud83d\ude00",
            null,
            new Amf0Date(1.7e12, 0),
            new Amf0Date(12.5, -60));

    assertThat(roundTrip(values)).isEqualTo(values);
  }

  @Test
  void encodesEveryNumberAsADouble() {
    assertThat(roundTrip(List.of(1, 2L, (short) 3, 4.5f))).containsExactly(1.0, 2.0, 3.0, 4.5);
  }

  @Test
  void encodesAnInstantAsADate() {
    Instant instant = Instant.ofEpochMilli(1_700_000_000_123L);

    Object decoded = roundTrip(List.of(instant)).get(0);

    assertThat(decoded).isEqualTo(new Amf0Date(1_700_000_000_123.0, 0));
    assertThat(((Amf0Date) decoded).toInstant()).isEqualTo(instant);
  }

  @Test
  void usesTheLongStringFormOnlyAbove65535Utf8Bytes() {
    String atLimit = "a".repeat(0xFFFF);
    String overLimit = "\u00e9".repeat(0x8000); // two bytes each: 65536 bytes

    assertThat(firstByteOf(atLimit)).isEqualTo(0x02);
    assertThat(firstByteOf(overLimit)).isEqualTo(0x0C);
    assertThat(roundTrip(List.of(atLimit, overLimit))).containsExactly(atLimit, overLimit);
  }

  @Test
  void keepsObjectsAsOrderedMapsAndNestsThem() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("level", "status");
    inner.put("code", "NetStream.Play.Start");
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("z", 1.0);
    outer.put("a", inner);
    outer.put("m", Arrays.asList("x", null, List.of(2.0)));
    outer.put("", "an empty key is a property, not the end marker");

    Object decoded = roundTrip(List.of(outer)).get(0);

    assertThat(decoded).isInstanceOf(LinkedHashMap.class).isNotInstanceOf(EcmaArray.class);
    assertThat(decoded).isEqualTo(outer);
    assertThat(new ArrayList<Object>(((Map<?, ?>) decoded).keySet()))
        .containsExactly("z", "a", "m", "");
  }

  @Test
  void keepsEcmaArraysDistinctFromObjects() {
    EcmaArray metadata = new EcmaArray();
    metadata.put("width", 1024.0);
    metadata.put("height", 768.0);
    metadata.put("encoder", "obs");

    Object decoded = roundTrip(List.of(metadata)).get(0);

    assertThat(decoded).isInstanceOf(EcmaArray.class).isEqualTo(metadata);
  }

  @Test
  void toleratesAnEcmaArrayWithAWrongCountAndNoEndMarker() {
    ByteBuf in = Unpooled.buffer();
    in.writeByte(0x08).writeInt(7);
    in.writeShort(8).writeBytes("duration".getBytes());
    in.writeByte(0x00).writeDouble(0);
    try {
      assertThat(Amf0.decode(in)).isEqualTo(new EcmaArray(Map.of("duration", 0.0)));
    } finally {
      in.release();
    }
  }

  @Test
  void readsUndefinedAsNullAndTypedObjectsAsMaps() {
    ByteBuf in = Unpooled.buffer();
    in.writeByte(0x06);
    in.writeByte(0x10).writeShort(3).writeBytes("Foo".getBytes());
    in.writeShort(1).writeBytes("k".getBytes()).writeByte(0x01).writeByte(1);
    in.writeShort(0).writeByte(0x09);
    try {
      assertThat(Amf0.decodeAll(in)).containsExactly(null, Map.of("k", true));
    } finally {
      in.release();
    }
  }

  @Test
  void rejectsReferencesAndAmf3WithTheOffsetAndMarker() {
    assertRejected(new byte[] {0x05, 0x07, 0x00, 0x01}, 1, 0x07);
    assertRejected(new byte[] {0x11, 0x02}, 0, 0x11);
    assertRejected(new byte[] {0x0D}, 0, 0x0D);
    assertRejected(new byte[] {0x05, 0x05, 0x42}, 2, 0x42);
  }

  @Test
  void rejectsTruncatedInputOfEveryType() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("app", "live");
    object.put("list", List.of(1.0, "two"));
    List<Object> values =
        Arrays.asList(1.0, true, "abc", object, new EcmaArray(object), new Amf0Date(1, 0));
    ByteBuf full = Unpooled.buffer();
    for (Object value : values) {
      full.clear();
      Amf0.encode(full, value);
      for (int length = 0; length < full.readableBytes(); length++) {
        ByteBuf truncated = full.slice(0, length);
        if (length == 0 || !(value instanceof EcmaArray)) {
          assertThatThrownBy(() -> Amf0.decode(truncated))
              .as("%s cut to %d bytes", value, length)
              .isInstanceOf(Amf0Exception.class);
        }
      }
    }
    full.release();
  }

  @Test
  void rejectsAStringLongerThanTheInputWithoutAllocatingIt() {
    ByteBuf in = Unpooled.buffer().writeByte(0x0C).writeInt(0x7FFFFFFF).writeByte('a');
    try {
      assertThatThrownBy(() -> Amf0.decode(in))
          .isInstanceOf(Amf0Exception.class)
          .hasMessageContaining("string length 2147483647");
    } finally {
      in.release();
    }
  }

  @Test
  void rejectsAStrictArrayCountLargerThanTheInput() {
    ByteBuf in = Unpooled.buffer().writeByte(0x0A).writeInt(-1).writeByte(0x05);
    try {
      assertThatThrownBy(() -> Amf0.decode(in))
          .isInstanceOf(Amf0Exception.class)
          .hasMessageContaining("strict array");
    } finally {
      in.release();
    }
  }

  @Test
  void boundsNestingDepth() {
    ByteBuf in = Unpooled.buffer();
    for (int i = 0; i < 10_000; i++) {
      in.writeByte(0x0A).writeInt(1);
    }
    in.writeByte(0x05);
    try {
      assertThatThrownBy(() -> Amf0.decode(in))
          .isInstanceOf(Amf0Exception.class)
          .hasMessageContaining("nesting");
    } finally {
      in.release();
    }
  }

  @Test
  void refusesToEncodeCyclesAndUnknownTypes() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    ByteBuf out = Unpooled.buffer();
    try {
      assertThatThrownBy(() -> Amf0.encode(out, cycle)).isInstanceOf(Amf0Exception.class);
      assertThatThrownBy(() -> Amf0.encode(out, new Object())).isInstanceOf(Amf0Exception.class);
    } finally {
      out.release();
    }
  }

  @Test
  void writesTheWellKnownBytesOfAConnectCommandName() {
    ByteBuf out = Unpooled.buffer();
    Amf0.encodeAll(out, "connect", 1);
    try {
      assertThat(ByteBufUtil.hexDump(out)).isEqualTo("020007636f6e6e656374" + "003ff0000000000000");
    } finally {
      out.release();
    }
  }

  private static List<Object> roundTrip(List<?> values) {
    ByteBuf buf = Unpooled.buffer();
    try {
      Amf0.encodeAll(buf, values.toArray());
      List<Object> decoded = Amf0.decodeAll(buf);
      assertThat(buf.isReadable()).isFalse();
      return decoded;
    } finally {
      buf.release();
    }
  }

  private static int firstByteOf(Object value) {
    ByteBuf buf = Unpooled.buffer();
    try {
      Amf0.encode(buf, value);
      return buf.getUnsignedByte(0);
    } finally {
      buf.release();
    }
  }

  private static void assertRejected(byte[] bytes, int offset, int marker) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    try {
      assertThatThrownBy(() -> Amf0.decodeAll(in))
          .isInstanceOfSatisfying(
              Amf0Exception.class,
              e -> {
                assertThat(e.offset()).isEqualTo(offset);
                assertThat(e.marker()).isEqualTo(marker);
                assertThat(e.getMessage()).contains("offset " + offset);
              });
    } finally {
      in.release();
    }
  }
}
