package io.streamcluster.media.hls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HLS attribute list (RFC 8216 4.2): {@code NAME=value} pairs separated by commas, where a value
 * is a quoted string (no commas or quotes inside), or anything up to the next comma.
 */
final class AttributeList {

  private AttributeList() {}

  /** Parses the list; throws IllegalArgumentException when it is malformed. */
  static Map<String, String> parse(String text) {
    Map<String, String> attributes = new LinkedHashMap<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int equals = text.indexOf('=', i);
      if (equals <= i) {
        throw new IllegalArgumentException("an attribute without a name or value: " + text);
      }
      String name = text.substring(i, equals);
      for (int c = 0; c < name.length(); c++) {
        char ch = name.charAt(c);
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-')) {
          throw new IllegalArgumentException("a bad attribute name: " + name);
        }
      }
      int valueStart = equals + 1;
      String value;
      if (valueStart < n && text.charAt(valueStart) == '"') {
        int close = text.indexOf('"', valueStart + 1);
        if (close < 0) {
          throw new IllegalArgumentException("an unterminated quoted string: " + text);
        }
        value = text.substring(valueStart + 1, close);
        i = close + 1;
        if (i < n && text.charAt(i) != ',') {
          throw new IllegalArgumentException("text after a quoted string: " + text);
        }
      } else {
        int comma = text.indexOf(',', valueStart);
        int end = comma < 0 ? n : comma;
        value = text.substring(valueStart, end);
        i = end;
      }
      if (attributes.put(name, value) != null) {
        throw new IllegalArgumentException("a repeated attribute: " + name);
      }
      if (i < n) {
        i++; // the comma
      }
    }
    return attributes;
  }
}
