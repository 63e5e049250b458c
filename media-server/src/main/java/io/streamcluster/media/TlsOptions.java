package io.streamcluster.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A server's TLS: its certificate and key files and the ports that speak TLS. The internal port
 * speaks it too.
 *
 * @param certificateFile PEM, the server's certificate first, then its chain ({@code
 *     --tls-cert-file})
 * @param keyFile PEM, the certificate's private key ({@code --tls-key-file})
 * @param rtmpsPort RTMPS, publish and play (0: any free port; {@code --rtmps-port})
 * @param httpsPort HTTPS, what the HTTP port serves (0: any free port; {@code --https-port})
 * @param reloadInterval how often the files are looked at for a renewed certificate
 */
public record TlsOptions(
    Path certificateFile, Path keyFile, int rtmpsPort, int httpsPort, Duration reloadInterval) {

  /** How often the files are looked at: a renewed certificate is served within this. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

  public TlsOptions {
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }
}
