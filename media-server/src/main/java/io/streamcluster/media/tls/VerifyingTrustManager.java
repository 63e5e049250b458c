package io.streamcluster.media.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies a server as a client: its chain against the {@link TrustedCertificates}, and its name:
 * the name configured, when there is one, or else the host dialled. A configured name lets a client
 * dial an address the certificate does not name (an in-cluster Service) and still verify the
 * certificate as the one issued for that name. Verifies servers only; never trusts a client.
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {

  private final TrustedCertificates trusted;
  private final Optional<String> expectedName;

  public VerifyingTrustManager(TrustedCertificates trusted, Optional<String> expectedName) {
    this.trusted = trusted;
    this.expectedName = expectedName.map(String::strip).filter(n -> !n.isEmpty());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, authType, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
      host = ssl.getHandshakeSession().getPeerHost();
    }
    check(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, authType, null);
  }

  /**
   * @param dialled the host the client connected to; null when unknown (then only a configured name
   *     can be checked)
   */
  void check(X509Certificate[] chain, String authType, String dialled) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    trusted.checkServerChain(chain, authType);
    String name = expectedName.orElse(dialled);
    if (name == null) {
      throw new CertificateException("no name to verify the server's certificate against");
    }
    if (!SubjectNames.matches(chain[0], name)) {
      throw new CertificateException(
          "the server's certificate is for "
              + SubjectNames.of(chain[0])
              + ", not "
              + name
              + (expectedName.isPresent() ? " (the configured name)" : ""));
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("this trust manager verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("this trust manager verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager verifies servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
