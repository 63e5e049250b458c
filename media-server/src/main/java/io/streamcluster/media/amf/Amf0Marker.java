package io.streamcluster.media.amf;

/** AMF0 type markers (AMF0 specification, section 2.1). */
final class Amf0Marker {
  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int MOVIECLIP = 0x04;
  static final int NULL = 0x05;
  static final int UNDEFINED = 0x06;
  static final int REFERENCE = 0x07;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;
  static final int UNSUPPORTED = 0x0D;
  static final int RECORDSET = 0x0E;
  static final int XML_DOCUMENT = 0x0F;
  static final int TYPED_OBJECT = 0x10;
  static final int AVMPLUS_OBJECT = 0x11;

  private Amf0Marker() {}

  static String name(int marker) {
    return switch (marker) {
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      case OBJECT -> "object";
      case MOVIECLIP -> "movieclip";
      case NULL -> "null";
      case UNDEFINED -> "undefined";
      case REFERENCE -> "reference";
      case ECMA_ARRAY -> "ecma-array";
      case OBJECT_END -> "object-end";
      case STRICT_ARRAY -> "strict-array";
      case DATE -> "date";
      case LONG_STRING -> "long-string";
      case UNSUPPORTED -> "unsupported";
      case RECORDSET -> "recordset";
      case XML_DOCUMENT -> "xml-document";
      case TYPED_OBJECT -> "typed-object";
      case AVMPLUS_OBJECT -> "avmplus-object";
      default -> "unknown";
    };
  }
}
