package io.streamcluster.media.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate every TLS listener of a server presents, re-read when its files change: a new
 * connection gets the certificate current when it connects; connections already open keep the
 * session they negotiated. A cert-manager renewal replaces a mounted Secret's files at once (the
 * kubelet swaps a symlink), so the files are compared by content, not by time. A pair that does not
 * load (half written, or a key that is not the certificate's) is reported and the previous
 * certificate stays in use.
 *
 * <p>TLS 1.3 and 1.2 only, ECDHE with AEAD ciphers only. OpenSSL (BoringSSL through netty-tcnative)
 * where its native library loads, the JDK's TLS otherwise.
 */
public final class ServerCertificate {

  private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** TLS 1.3's suites, then TLS 1.2's forward-secret AEAD suites. */
  static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final Path certificateFile;
  private final Path keyFile;
  private final SslProvider provider;
  private final Clock clock;
  private volatile SslContext context;
  private volatile CertifiedKey current;
  private byte[] servedDigest;
  private byte[] refusedDigest;

  private ServerCertificate(Path certificateFile, Path keyFile, SslProvider provider, Clock clock) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.provider = provider;
    this.clock = clock;
  }

  /**
   * Reads the files once.
   *
   * @throws IOException when they cannot be read or do not make a usable certificate
   */
  public static ServerCertificate load(Path certificateFile, Path keyFile, Clock clock)
      throws IOException {
    ServerCertificate certificate =
        new ServerCertificate(certificateFile, keyFile, bestProvider(), clock);
    Contents contents = certificate.read();
    try {
      certificate.use(contents);
    } catch (GeneralSecurityException | SSLException e) {
      throw new IOException(
          "TLS: "
              + certificateFile
              + " and "
              + keyFile
              + " are not a usable certificate and key: "
              + e.getMessage(),
          e);
    }
    log.info(
        "TLS with {} ({}): {}",
        certificate.providerName(),
        String.join(", ", PROTOCOLS),
        certificate.current.describe());
    certificate.warnIfExpired();
    return certificate;
  }

  private static SslProvider bestProvider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** A handler for a new connection, with the certificate current now. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }

  /** The certificate served to new connections. */
  public X509Certificate certificate() {
    return current.certificate();
  }

  /** "OpenSSL (BoringSSL)" or "the JDK's TLS". */
  public String providerName() {
    return provider == SslProvider.JDK
        ? "the JDK's TLS"
        : "OpenSSL (" + OpenSsl.versionString() + ")";
  }

  /**
   * Reads the files and, when their content changed and loads, serves it to new connections.
   *
   * @return whether the certificate served changed
   */
  public synchronized boolean reloadIfChanged() {
    Contents contents;
    try {
      contents = read();
    } catch (IOException e) {
      log.warn(
          "TLS: cannot read the certificate files, still serving the previous one: {}",
          e.getMessage());
      return false;
    }
    if (Arrays.equals(contents.digest(), servedDigest)
        || Arrays.equals(contents.digest(), refusedDigest)) {
      return false;
    }
    try {
      use(contents);
    } catch (GeneralSecurityException | SSLException e) {
      refusedDigest = contents.digest();
      log.warn(
          "TLS: the changed certificate files do not load, still serving the previous certificate:"
              + " {}",
          e.getMessage());
      return false;
    }
    log.info("TLS certificate reloaded: {}", current.describe());
    warnIfExpired();
    return true;
  }

  private void use(Contents contents) throws GeneralSecurityException, SSLException {
    CertifiedKey certified = CertifiedKey.fromPem(contents.certificate(), contents.key());
    SslContext built =
        SslContextBuilder.forServer(
                certified.key(), certified.chain().toArray(X509Certificate[]::new))
            .sslProvider(provider)
            .protocols(PROTOCOLS)
            .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
            .build();
    current = certified;
    context = built;
    servedDigest = contents.digest();
    refusedDigest = null;
  }

  private void warnIfExpired() {
    if (current.expiredAt(clock.instant())) {
      log.warn(
          "TLS: the certificate is outside its validity period; verifying clients will refuse it: {}",
          current.describe());
    }
  }

  private record Contents(byte[] certificate, byte[] key, byte[] digest) {}

  private Contents read() throws IOException {
    byte[] certificate = Files.readAllBytes(certificateFile);
    byte[] key = Files.readAllBytes(keyFile);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(certificate);
      sha256.update((byte) 0);
      sha256.update(key);
      return new Contents(certificate, key, sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
