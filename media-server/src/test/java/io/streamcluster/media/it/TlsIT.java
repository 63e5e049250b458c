package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MountedSecret;
import io.streamcluster.media.testing.TestCertificates;
import io.streamcluster.media.tls.PemFiles;
import io.streamcluster.media.tls.TrustedCertificates;
import io.streamcluster.media.tls.VerifyingTrustManager;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTMPS and HTTPS on a standalone server (in this JVM, so Netty's leak detector watches the TLS
 * fan-out too), with real ffmpeg and ffprobe verifying the certificate against a test CA made by
 * openssl, its certificate files laid out and renewed as the kubelet mounts a Secret.
 */
class TlsIT {

  @TempDir static Path dir;
  private static TestCertificates ca;
  private static MountedSecret mounted;
  private static MediaServer server;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster test CA");
    mounted = MountedSecret.of(dir.resolve("tls"), ca.issue("localhost", "127.0.0.1"));
    server = start(mounted.certificate(), mounted.key());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void stopProcesses() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Test
  void ffmpegPublishesOverRtmpsVerifyingTheCertificateAndFfprobePlaysRtmpsAndHttpsFlv()
      throws Exception {
    track(Ffmpeg.publish(rtmps(server, "secure"), 640, 480, Ffmpeg.verifyingTls(ca.caFile())));
    awaitLive("secure");

    for (String url : List.of(rtmps(server, "secure"), https(server, "secure"))) {
      Command.Result probe = Ffmpeg.probeStreams(url, Ffmpeg.verifyingTls(ca.caFile()));
      assertThat(probe.succeeded()).as(url + ": " + probe.stderr()).isTrue();
      assertThat(probe.stdout())
          .as(url)
          .contains("codec_name=h264", "width=640", "height=480", "codec_name=aac");
    }
  }

  @Test
  void plainAndTlsPlayersWatchTheSameStreamOnOneServerAtOnce() throws Exception {
    track(Ffmpeg.publish("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/mixed", 640, 480));
    awaitLive("mixed");

    List<Ffmpeg.Running> players =
        List.of(
            reader("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/mixed", List.of()),
            reader("http://127.0.0.1:" + server.httpPort() + "/live/mixed.flv", List.of()),
            reader(rtmps(server, "mixed"), Ffmpeg.verifyingTls(ca.caFile())),
            reader(https(server, "mixed"), Ffmpeg.verifyingTls(ca.caFile())));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (Ffmpeg.Running player : players) {
                assertThat(frames(player)).as(player.printed()).isGreaterThanOrEqualTo(50);
              }
            });
    assertThat(server.streams().find("mixed").orElseThrow().subscriberCount()).isEqualTo(4);
  }

  @Test
  void aCertificateRenewedOnDiskIsServedToTheNextConnectionWhilePlayersKeepReceiving()
      throws Exception {
    track(Ffmpeg.publish("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/renewal", 640, 480));
    awaitLive("renewal");
    Ffmpeg.Running httpsPlayer = reader(https(server, "renewal"), Ffmpeg.verifyingTls(ca.caFile()));
    Ffmpeg.Running rtmpsPlayer = reader(rtmps(server, "renewal"), Ffmpeg.verifyingTls(ca.caFile()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> frames(httpsPlayer) >= 25 && frames(rtmpsPlayer) >= 25);
    BigInteger before = served(server.httpsPort()).getSerialNumber();

    TestCertificates.Issued renewed = ca.issueWithRsaKey("localhost", "127.0.0.1");
    mounted.update(renewed);

    BigInteger expected =
        PemFiles.certificates(Files.readAllBytes(renewed.certificate())).get(0).getSerialNumber();
    assertThat(expected).isNotEqualTo(before);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(served(server.httpsPort()).getSerialNumber()).isEqualTo(expected);
              assertThat(served(server.rtmpsPort()).getSerialNumber()).isEqualTo(expected);
            });
    int httpsFrames = frames(httpsPlayer);
    int rtmpsFrames = frames(rtmpsPlayer);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                frames(httpsPlayer) >= httpsFrames + 50 && frames(rtmpsPlayer) >= rtmpsFrames + 50);
    assertThat(httpsPlayer.isAlive()).as("the HTTPS player stayed connected").isTrue();
    assertThat(rtmpsPlayer.isAlive()).as("the RTMPS player stayed connected").isTrue();
    // and a new connection verifies the renewed certificate
    Command.Result probe =
        Ffmpeg.probeStreams(rtmps(server, "renewal"), Ffmpeg.verifyingTls(ca.caFile()));
    assertThat(probe.succeeded()).as(probe.stderr()).isTrue();
  }

  @Test
  void aVerifyingClientRefusesAnotherHostsAnotherCasOrAnExpiredCertificate() throws Exception {
    track(Ffmpeg.publish("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/refused", 640, 480));
    awaitLive("refused");
    TestCertificates stranger = TestCertificates.authority(dir.resolve("other-ca"), "Another CA");

    assertThat(probe(rtmps(server, "refused"), Ffmpeg.verifyingTls(ca.caFile())).succeeded())
        .as("the right host, the right CA")
        .isTrue();
    assertRefused(
        probe(rtmps(server, "refused"), Ffmpeg.verifyingTls(ca.caFile(), "wrong.example.test")));
    assertRefused(
        probe(https(server, "refused"), Ffmpeg.verifyingTls(ca.caFile(), "wrong.example.test")));
    assertRefused(probe(rtmps(server, "refused"), Ffmpeg.verifyingTls(stranger.caFile())));

    TestCertificates.Issued expired = ca.issueExpired("localhost", "127.0.0.1");
    MediaServer outdated = start(expired.certificate(), expired.key());
    try {
      assertRefused(probe(https(outdated, "refused"), Ffmpeg.verifyingTls(ca.caFile())));
      assertThat(catchThrowable(() -> served(outdated.httpsPort())))
          .as("the JDK's verification too")
          .isInstanceOf(SSLHandshakeException.class);
    } finally {
      outdated.close();
    }
  }

  @Test
  void onlyTls13And12AreSpoken() {
    String openssl = ExternalTool.require("openssl", "apt-get install -y openssl");
    for (int port : List.of(server.rtmpsPort(), server.httpsPort(), server.internalPort())) {
      Command.Result tls12 = handshake(openssl, port, "-tls1_2");
      assertThat(tls12.succeeded()).as(tls12.describe()).isTrue();
      assertThat(tls12.stderr()).contains("Protocol version: TLSv1.2");
      Command.Result tls13 = handshake(openssl, port, "-tls1_3");
      assertThat(tls13.stderr()).as(tls13.describe()).contains("Protocol version: TLSv1.3");
      // TLS 1.1 needs the client's lowest security level even to be offered
      Command.Result tls11 = handshake(openssl, port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
      assertThat(tls11.succeeded()).as(tls11.describe()).isFalse();
      assertThat(tls11.stderr()).doesNotContain("Protocol version: TLSv1.1");
    }
  }

  private static Command.Result handshake(String openssl, int port, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                openssl,
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                ca.caFile().toString(),
                "-verify_return_error",
                "-brief"));
    command.addAll(List.of(options));
    return Command.of(command).timeout(Duration.ofSeconds(20)).run();
  }

  private static MediaServer start(Path certificate, Path key) throws InterruptedException {
    return new MediaServer(
            MediaServerConfig.builder(Role.STANDALONE)
                .bind("127.0.0.1")
                .rtmpPort(0)
                .httpPort(0)
                .internalPort(0)
                .eventLoopThreads(2)
                .tls(certificate, key)
                .tlsPorts(0, 0)
                .tlsReloadInterval(Duration.ofMillis(200))
                .build())
        .start();
  }

  private static void assertRefused(Command.Result probe) {
    assertThat(probe.succeeded()).as("refused: " + probe.stdout()).isFalse();
    assertThat(probe.stdout()).doesNotContain("codec_name=h264");
  }

  private static Command.Result probe(String url, List<String> tls) {
    return Ffmpeg.probeStreams(url, tls);
  }

  /** The certificate a new connection to {@code port} is served, verified by the JDK. */
  private static X509Certificate served(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          new VerifyingTrustManager(TrustedCertificates.fromFile(ca.caFile()), Optional.empty())
        },
        null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static String rtmps(MediaServer on, String stream) {
    return "rtmps://127.0.0.1:" + on.rtmpsPort() + "/live/" + stream;
  }

  private static String https(MediaServer on, String stream) {
    return "https://127.0.0.1:" + on.httpsPort() + "/live/" + stream + ".flv";
  }

  private Ffmpeg.Running reader(String url, List<String> tls) {
    return track(Ffmpeg.videoReader(url, "frame=pts_time", tls));
  }

  private static int frames(Ffmpeg.Running reader) {
    return (int) reader.printed().lines().filter(line -> !line.isBlank()).count();
  }

  private void awaitLive(String stream) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.streams().find(stream).map(LiveStream::isLive).orElse(false));
  }

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }
}
