package io.streamcluster.media.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A server's private key and the certificate chain it proves, read from PEM and checked to belong
 * together (a renewal caught between writing the key and the certificate would otherwise be served
 * and fail every handshake).
 *
 * @param chain the server's certificate first, then its intermediates
 */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

  private static final byte[] PROBE =
      "streamcluster key and certificate match".getBytes(StandardCharsets.US_ASCII);

  public CertifiedKey {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
  }

  /**
   * Reads and checks a key and its chain.
   *
   * @throws GeneralSecurityException when either cannot be read or the key is not the certificate's
   */
  public static CertifiedKey fromPem(byte[] certificatePem, byte[] keyPem)
      throws GeneralSecurityException {
    List<X509Certificate> chain = PemFiles.certificates(certificatePem);
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    PrivateKey key = PemFiles.privateKey(keyPem);
    CertifiedKey certified = new CertifiedKey(key, chain);
    certified.checkKeyMatchesCertificate();
    return certified;
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Whether the certificate is outside its validity period at {@code now}. */
  public boolean expiredAt(Instant now) {
    return now.isAfter(certificate().getNotAfter().toInstant())
        || now.isBefore(certificate().getNotBefore().toInstant());
  }

  /** For the logs: subject, names, validity. */
  public String describe() {
    X509Certificate certificate = certificate();
    return certificate.getSubjectX500Principal().getName()
        + ", names "
        + SubjectNames.of(certificate)
        + ", valid until "
        + certificate.getNotAfter().toInstant();
  }

  private void checkKeyMatchesCertificate() throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return; // RSASSA-PSS and others: the handshake will tell
    }
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(PROBE);
    byte[] signature = signer.sign();
    boolean matches;
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate().getPublicKey());
      verifier.update(PROBE);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // e.g. an RSA key with an EC certificate
    }
    if (!matches) {
      throw new GeneralSecurityException("the private key does not belong to the certificate");
    }
  }
}
