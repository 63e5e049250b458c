package io.streamcluster.media.rtmp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digest ("complex") handshake that Flash Player 9 and later introduced and that ffmpeg and the
 * mobile SDKs still speak. It is not in the published specification; what follows is the practice
 * every client checks against.
 *
 * <p>A 1536-byte C1 or S1 hides a 32-byte HMAC-SHA256 digest of its other 1504 bytes. Where it sits
 * depends on the scheme: the four bytes at the scheme's base offset (8 or 772), summed, modulo 728,
 * plus the base plus 4. The client's digest is keyed with the text part of the Genuine Flash Player
 * key, the server's with the text part of the Genuine Flash Media Server key. The server's S2 ends
 * with a digest of its first 1504 bytes, keyed with the digest of the client's C1 digest under the
 * full server key (and C2 mirrors that with the full player key).
 */
final class RtmpHandshakeDigest {

  static final int PACKET_LENGTH = 1536;
  static final int DIGEST_LENGTH = 32;
  static final int[] SCHEME_BASES = {8, 772};

  private static final byte[] KEY_SUFFIX = {
    (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE,
    (byte) 0xE8, (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E,
    (byte) 0x7E, (byte) 0x57, (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29,
    (byte) 0x80, (byte) 0x6F, (byte) 0xAB, (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36,
    (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE
  };
  private static final String PLAYER_KEY_TEXT = "Genuine Adobe Flash Player 001";
  private static final String SERVER_KEY_TEXT = "Genuine Adobe Flash Media Server 001";

  static final byte[] PLAYER_KEY = key(PLAYER_KEY_TEXT, true);
  static final byte[] PLAYER_KEY_TEXT_PART = key(PLAYER_KEY_TEXT, false);
  static final byte[] SERVER_KEY = key(SERVER_KEY_TEXT, true);
  static final byte[] SERVER_KEY_TEXT_PART = key(SERVER_KEY_TEXT, false);

  /** The version S1 announces; clients only look for a digest when it is not zero. */
  private static final byte[] SERVER_VERSION = {5, 0, 3, 1};

  private RtmpHandshakeDigest() {}

  /** Where a packet built with the scheme at {@code base} keeps its digest. */
  static int digestOffset(byte[] packet, int base) {
    int sum = 0;
    for (int i = base; i < base + 4; i++) {
      sum += packet[i] & 0xFF;
    }
    return sum % 728 + base + 4;
  }

  /** The digest of the packet's bytes around {@code offset}. */
  static byte[] digest(byte[] packet, int offset, byte[] key) {
    Mac mac = mac(key);
    mac.update(packet, 0, offset);
    mac.update(packet, offset + DIGEST_LENGTH, PACKET_LENGTH - offset - DIGEST_LENGTH);
    return mac.doFinal();
  }

  /**
   * The offset of a valid client digest in C1, trying both schemes, or -1 when C1 carries none (an
   * old client, or one that only fills in the version bytes).
   */
  static int findClientDigest(byte[] c1) {
    for (int base : SCHEME_BASES) {
      int offset = digestOffset(c1, base);
      byte[] expected = digest(c1, offset, PLAYER_KEY_TEXT_PART);
      if (MessageDigest.isEqual(expected, Arrays.copyOfRange(c1, offset, offset + DIGEST_LENGTH))) {
        return offset;
      }
    }
    return -1;
  }

  /** The scheme base the client used, given where its digest was found. */
  static int schemeBase(int clientDigestOffset) {
    return clientDigestOffset < SCHEME_BASES[1] ? SCHEME_BASES[0] : SCHEME_BASES[1];
  }

  /** S1 with a server digest placed by the same scheme as the client's. */
  static byte[] serverS1(int schemeBase, Random random) {
    byte[] s1 = new byte[PACKET_LENGTH];
    random.nextBytes(s1);
    Arrays.fill(s1, 0, 4, (byte) 0);
    System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
    int offset = digestOffset(s1, schemeBase);
    System.arraycopy(digest(s1, offset, SERVER_KEY_TEXT_PART), 0, s1, offset, DIGEST_LENGTH);
    return s1;
  }

  /** S2: random bytes signed with a key derived from the client's C1 digest. */
  static byte[] serverS2(byte[] c1, int clientDigestOffset, Random random) {
    byte[] s2 = new byte[PACKET_LENGTH];
    random.nextBytes(s2);
    Mac derive = mac(SERVER_KEY);
    derive.update(c1, clientDigestOffset, DIGEST_LENGTH);
    Mac sign = mac(derive.doFinal());
    sign.update(s2, 0, PACKET_LENGTH - DIGEST_LENGTH);
    System.arraycopy(sign.doFinal(), 0, s2, PACKET_LENGTH - DIGEST_LENGTH, DIGEST_LENGTH);
    return s2;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  private static byte[] key(String text, boolean withSuffix) {
    byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
    if (!withSuffix) {
      return textBytes;
    }
    byte[] key = Arrays.copyOf(textBytes, textBytes.length + KEY_SUFFIX.length);
    System.arraycopy(KEY_SUFFIX, 0, key, textBytes.length, KEY_SUFFIX.length);
    return key;
  }
}
