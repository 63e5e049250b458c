package io.streamcluster.load;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The subscribers' TLS: OpenSSL (BoringSSL) where it loads, as the server uses, so the client's
 * cost stays small beside the server's; the server's certificate verified against the CAs given (a
 * test CA) or the system's, and its name against the URL's host.
 */
final class ClientTls {

  private ClientTls() {}

  /**
   * @param caFile PEM CAs to trust; null: the system trust store
   */
  static SslContext context(Path caFile) throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .endpointIdentificationAlgorithm("HTTPS");
    if (caFile != null) {
      builder.trustManager(caFile.toFile());
    }
    return builder.build();
  }

  /** For the report: which TLS the subscribers used. */
  static String providerName() {
    return OpenSsl.isAvailable() ? "OpenSSL (" + OpenSsl.versionString() + ")" : "the JDK's TLS";
  }
}
