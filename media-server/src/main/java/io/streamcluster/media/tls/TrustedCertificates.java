package io.streamcluster.media.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a client trusts: those in a PEM file (for example the {@code ca.crt}
 * of a cert-manager Secret), re-read when the file changes so a rotated CA needs no restart, or the
 * system's trust store. Thread-safe.
 */
public final class TrustedCertificates {

  private final Optional<Path> caFile;
  private byte[] loadedContent;
  private X509TrustManager trust;

  private TrustedCertificates(Optional<Path> caFile) {
    this.caFile = caFile;
  }

  /**
   * The authorities in {@code caFile}. Read once now, so a missing or empty file fails at start.
   */
  public static TrustedCertificates fromFile(Path caFile) throws IOException {
    TrustedCertificates trusted = new TrustedCertificates(Optional.of(caFile));
    try {
      trusted.current();
    } catch (CertificateException e) {
      throw new IOException(e.getMessage(), e);
    }
    return trusted;
  }

  /** The system's (the JDK's) trust store. */
  public static TrustedCertificates system() {
    return new TrustedCertificates(Optional.empty());
  }

  /** For the logs: the CA file, or "the system trust store". */
  public String describe() {
    return caFile.map(f -> "the CAs in " + f).orElse("the system trust store");
  }

  /** Validates a chain (signatures, validity, path to a trusted CA); names are not checked here. */
  public void checkServerChain(X509Certificate[] chain, String authType)
      throws CertificateException {
    current().checkServerTrusted(chain, authType);
  }

  private synchronized X509TrustManager current() throws CertificateException {
    try {
      if (caFile.isEmpty()) {
        if (trust == null) {
          trust = trustManager(null);
        }
        return trust;
      }
      byte[] content = Files.readAllBytes(caFile.get());
      if (trust == null || !Arrays.equals(content, loadedContent)) {
        List<X509Certificate> authorities = PemFiles.certificates(content);
        if (authorities.isEmpty()) {
          throw new CertificateException("no PEM certificate in CA file " + caFile.get());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
          store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        trust = trustManager(store);
        loadedContent = content;
      }
      return trust;
    } catch (IOException e) {
      throw new CertificateException("cannot read CA file " + caFile.get() + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw e instanceof CertificateException c
          ? c
          : new CertificateException("cannot use the trusted CAs: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
