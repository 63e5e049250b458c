package io.streamcluster.media.amf;

/**
 * Malformed, truncated or unsupported AMF0 input (or a value that has no AMF0 form). Unchecked: a
 * caller that decodes a peer's command treats it as a protocol error of that peer.
 */
public final class Amf0Exception extends RuntimeException {

  private final int offset;
  private final int marker;

  public Amf0Exception(String message) {
    this(message, -1, -1);
  }

  Amf0Exception(String message, int offset, int marker) {
    super(describe(message, offset, marker));
    this.offset = offset;
    this.marker = marker;
  }

  /** Index in the decoded buffer where the problem was found, or -1 when encoding. */
  public int offset() {
    return offset;
  }

  /** The type marker being decoded, or -1 when none applies. */
  public int marker() {
    return marker;
  }

  private static String describe(String message, int offset, int marker) {
    StringBuilder text = new StringBuilder(message);
    if (marker >= 0) {
      text.append(String.format(" (marker 0x%02x %s)", marker, Amf0Marker.name(marker)));
    }
    if (offset >= 0) {
      text.append(" at offset ").append(offset);
    }
    return text.toString();
  }
}
