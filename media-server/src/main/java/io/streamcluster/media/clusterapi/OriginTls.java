package io.streamcluster.media.clusterapi;

import io.streamcluster.media.tls.TrustedCertificates;
import io.streamcluster.media.tls.VerifyingTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * How the cluster API is called over TLS (edges and origin peers calling origins, the operator
 * calling origins): which certificate authorities are trusted and which name the origin's
 * certificate must carry.
 *
 * @param caFile the CAs to trust (PEM, e.g. a cert-manager Secret's {@code ca.crt}), re-read when
 *     it changes; empty: the system trust store
 * @param serverName the name the origin's certificate is checked against; empty: the host dialled.
 *     Set it when the address dialled (an in-cluster Service name) is not on a certificate issued
 *     for a public name: the certificate must then be the one for that name, whatever address
 *     answered.
 */
public record OriginTls(Optional<Path> caFile, Optional<String> serverName) {

  public OriginTls {
    serverName = serverName.map(String::strip).filter(n -> !n.isEmpty());
  }

  /** Trusting the system's CAs, checking the host dialled. */
  public static OriginTls systemTrust() {
    return new OriginTls(Optional.empty(), Optional.empty());
  }

  /** For the logs. */
  public String describe() {
    return "TLS, trusting "
        + caFile.map(f -> "the CAs in " + f).orElse("the system trust store")
        + ", verifying "
        + serverName.map(n -> "the name " + n).orElse("the host dialled");
  }

  /**
   * The client's TLS: TLS 1.3 or 1.2, the chain and name checked by a {@link
   * VerifyingTrustManager}.
   *
   * @throws UncheckedIOException when the CA file cannot be read or holds no certificate
   */
  SSLContext sslContext() {
    try {
      TrustedCertificates trusted =
          caFile.isPresent()
              ? TrustedCertificates.fromFile(caFile.get())
              : TrustedCertificates.system();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new VerifyingTrustManager(trusted, serverName)}, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use --origin-ca-file: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
    }
  }

  SSLParameters sslParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return parameters;
  }
}
