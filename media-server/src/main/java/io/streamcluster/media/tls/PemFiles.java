package io.streamcluster.media.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files a certificate comes in: a chain of certificates (the server's first, then its
 * intermediates) and a private key in any of the encodings cert-manager and openssl write: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, cert-manager's default for RSA) and SEC1
 * ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8, so the other two are wrapped into it.
 */
public final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");

  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private static final byte[] VERSION_0 = hex("020100");

  private PemFiles() {}

  /** Every certificate in the text, in order. */
  public static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (Block block : blocks(pem)) {
      if (block.type().equals("CERTIFICATE")) {
        chain.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      }
    }
    return chain;
  }

  /**
   * The first private key in the text.
   *
   * @throws GeneralSecurityException when there is none, it is encrypted, or it cannot be read
   */
  public static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
    for (Block block : blocks(pem)) {
      switch (block.type()) {
        case "PRIVATE KEY":
          return pkcs8(block.der());
        case "RSA PRIVATE KEY":
          return pkcs8(sequence(VERSION_0, RSA_ALGORITHM, der(0x04, block.der())));
        case "EC PRIVATE KEY":
          return pkcs8(
              sequence(
                  VERSION_0,
                  sequence(EC_PUBLIC_KEY_OID, sec1Curve(block.der())),
                  der(0x04, block.der())));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(
              "the private key is encrypted; give the server an unencrypted key file");
        default:
          // EC PARAMETERS and the like, written beside some keys
      }
    }
    throw new GeneralSecurityException("no PEM private key found");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unreadable private key", last);
  }

  /**
   * The named curve of a SEC1 key: {@code ECPrivateKey ::= SEQUENCE { version, privateKey, [0]
   * parameters OPTIONAL, [1] publicKey OPTIONAL }}, parameters being the curve's OID.
   */
  private static byte[] sec1Curve(byte[] sec1) throws GeneralSecurityException {
    DerReader outer = new DerReader(sec1);
    DerReader fields = new DerReader(outer.next(0x30));
    fields.next(0x02);
    fields.next(0x04);
    while (fields.hasMore()) {
      int tag = fields.peekTag();
      byte[] content = fields.next(tag);
      if (tag == 0xa0) {
        DerReader parameters = new DerReader(content);
        return der(0x06, parameters.next(0x06));
      }
    }
    throw new GeneralSecurityException("the EC private key does not name its curve");
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(byte[] pem) {
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (matcher.find()) {
      blocks.add(
          new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2).strip())));
    }
    return blocks;
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return der(0x30, content.toByteArray());
  }

  /** One DER element: tag, definite length, content. */
  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] hex(String text) {
    byte[] bytes = new byte[text.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  /** Walks the elements of one DER-encoded level. */
  private static final class DerReader {
    private final byte[] der;
    private int position;

    DerReader(byte[] der) {
      this.der = der;
    }

    boolean hasMore() {
      return position < der.length;
    }

    int peekTag() throws GeneralSecurityException {
      if (!hasMore()) {
        throw new GeneralSecurityException("truncated DER");
      }
      return der[position] & 0xff;
    }

    /** The content of the next element, which must have {@code tag}. */
    byte[] next(int tag) throws GeneralSecurityException {
      if (peekTag() != tag) {
        throw new GeneralSecurityException("unexpected DER element");
      }
      position++;
      int length = readByte();
      if (length >= 0x80) {
        int bytes = length & 0x7f;
        if (bytes == 0 || bytes > 3) {
          throw new GeneralSecurityException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | readByte();
        }
      }
      if (length > der.length - position) {
        throw new GeneralSecurityException("truncated DER");
      }
      byte[] content = java.util.Arrays.copyOfRange(der, position, position + length);
      position += length;
      return content;
    }

    private int readByte() throws GeneralSecurityException {
      if (!hasMore()) {
        throw new GeneralSecurityException("truncated DER");
      }
      return der[position++] & 0xff;
    }
  }
}
