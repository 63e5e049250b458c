package io.streamcluster.media.tls;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a {@link ServerCertificate}'s files every interval on a thread of its own (reading files
 * would block an event loop), so a renewed certificate is served without a restart.
 */
public final class CertificateWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "tls-certificate-watch");
            thread.setDaemon(true);
            return thread;
          });

  public CertificateWatch(ServerCertificate certificate, Duration interval) {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            certificate.reloadIfChanged();
          } catch (RuntimeException e) {
            // a failed look must not end the watch: the next one may succeed
            log.warn("TLS: looking for a renewed certificate failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
