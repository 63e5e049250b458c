package io.streamcluster.media.hls;

/**
 * Reads bits: fixed-width fields and Exp-Golomb codes. Over an H.264 NAL unit ({@link #rbsp}) the
 * emulation prevention bytes (00 00 03, ITU-T H.264 7.4.1) are skipped as it goes.
 */
final class BitReader {

  private final byte[] data;
  private final int end;
  private final boolean rbsp;
  private int bytePos;
  private int bitPos;
  private int zeros;

  private BitReader(byte[] data, int offset, int length, boolean rbsp) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("bits outside the data");
    }
    this.data = data;
    this.bytePos = offset;
    this.end = offset + length;
    this.rbsp = rbsp;
  }

  /** Plain bits. */
  static BitReader of(byte[] data) {
    return new BitReader(data, 0, data.length, false);
  }

  /** The payload of an H.264 NAL unit, without its emulation prevention bytes. */
  static BitReader rbsp(byte[] data, int offset, int length) {
    return new BitReader(data, offset, length, true);
  }

  int bit() {
    if (bitPos == 0 && rbsp) {
      skipEmulationPrevention();
    }
    if (bytePos >= end) {
      throw new IllegalArgumentException("the parameter set ends too early");
    }
    int bit = (data[bytePos] >> (7 - bitPos)) & 1;
    if (++bitPos == 8) {
      bitPos = 0;
      zeros = data[bytePos] == 0 ? zeros + 1 : 0;
      bytePos++;
    }
    return bit;
  }

  private void skipEmulationPrevention() {
    if (zeros >= 2 && bytePos < end && data[bytePos] == 3) {
      bytePos++;
      zeros = 0;
    }
  }

  int bits(int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 1) | bit();
    }
    return value;
  }

  /** ue(v): an unsigned Exp-Golomb code. */
  int unsigned() {
    int leadingZeros = 0;
    while (bit() == 0) {
      if (++leadingZeros > 31) {
        throw new IllegalArgumentException("an Exp-Golomb code longer than 32 bits");
      }
    }
    long value = (1L << leadingZeros) - 1 + (leadingZeros == 0 ? 0 : bitsLong(leadingZeros));
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("an Exp-Golomb value out of range");
    }
    return (int) value;
  }

  /** se(v): a signed Exp-Golomb code. */
  int signed() {
    int code = unsigned();
    return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
  }

  private long bitsLong(int count) {
    long value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 1) | bit();
    }
    return value;
  }
}
