package io.streamcluster.media.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.amf.Amf0;
import io.streamcluster.media.amf.Amf0Exception;
import java.util.List;

/**
 * AMF0 decoding on any bytes: values or an {@link Amf0Exception}, nothing else (no other exception,
 * no stack overflow, no allocation beyond the input); and what decodes re-encodes to bytes that
 * decode to the same values.
 */
class Amf0FuzzTest {

  @FuzzTest(maxDuration = "10s")
  void decodesAmf0(byte[] input) {
    List<Object> values;
    try {
      values = Amf0.decodeAll(Unpooled.wrappedBuffer(input));
    } catch (Amf0Exception expected) {
      return;
    }
    ByteBuf encoded = Unpooled.buffer();
    Amf0.encodeAll(encoded, values.toArray());
    List<Object> again = Amf0.decodeAll(encoded);
    if (!again.equals(values)) {
      throw new AssertionError("re-encoded values differ: " + values + " then " + again);
    }
  }
}
