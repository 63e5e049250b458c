package io.streamcluster.media.amf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array (an associative array, as {@code onMetaData} carries): a map of its own type
 * so that decoding and encoding again keeps the ECMA array marker instead of turning it into an
 * object.
 */
public final class EcmaArray extends LinkedHashMap<String, Object> {

  public EcmaArray() {}

  public EcmaArray(Map<String, ?> entries) {
    super(entries);
  }
}
