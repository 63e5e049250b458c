package io.streamcluster.media.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.streamcluster.media.testing.MountedSecret;
import io.streamcluster.media.testing.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate the TLS listeners serve, and how it follows its files. */
class ServerCertificateTest {

  @TempDir static Path dir;
  private static TestCertificates ca;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster test CA");
  }

  @Test
  void tls13And12OnlyWithForwardSecretAeadCiphersThroughOpenSsl() throws Exception {
    TestCertificates.Issued issued = ca.issue("localhost");
    ServerCertificate certificate =
        ServerCertificate.load(issued.certificate(), issued.key(), Clock.systemUTC());
    SslHandler handler = certificate.newHandler(ByteBufAllocator.DEFAULT);
    try {
      assertThat(certificate.providerName()).as("netty-tcnative loads here").contains("OpenSSL");
      // SSLv2Hello is how Netty's OpenSSL engine names the hello format it always lists; it is no
      // protocol (TlsIT has openssl offer TLS 1.1 and be refused)
      assertThat(handler.engine().getEnabledProtocols())
          .filteredOn(protocol -> !protocol.equals("SSLv2Hello"))
          .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      assertThat(handler.engine().getEnabledCipherSuites())
          .isNotEmpty()
          .allSatisfy(suite -> assertThat(ServerCertificate.CIPHERS).contains(suite));
    } finally {
      ReferenceCountUtil.release(handler.engine());
    }
  }

  @Test
  void aRenewedPairIsServedOnceBothFilesChangedAndAHalfWrittenOneIsNot() throws Exception {
    TestCertificates.Issued first = ca.issue("localhost");
    Path certificateFile = dir.resolve("renewal.crt");
    Path keyFile = dir.resolve("renewal.key");
    Files.copy(first.certificate(), certificateFile);
    Files.copy(first.key(), keyFile);
    ServerCertificate certificate =
        ServerCertificate.load(certificateFile, keyFile, Clock.systemUTC());
    BigInteger firstSerial = certificate.certificate().getSerialNumber();

    assertThat(certificate.reloadIfChanged()).as("nothing changed").isFalse();

    TestCertificates.Issued second = ca.issueWithRsaKey("localhost");
    Files.copy(
        second.certificate(), certificateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(certificate.reloadIfChanged()).as("the key is not the new certificate's").isFalse();
    assertThat(certificate.certificate().getSerialNumber()).isEqualTo(firstSerial);
    assertThat(certificate.reloadIfChanged()).as("the same half-written pair again").isFalse();

    Files.copy(second.key(), keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(certificate.reloadIfChanged()).isTrue();
    assertThat(certificate.certificate().getSerialNumber()).isNotEqualTo(firstSerial);
  }

  @Test
  void aSecretMountedAsTheKubeletDoesIsFollowedThroughItsSymlinkSwap() throws Exception {
    MountedSecret mounted = MountedSecret.of(dir.resolve("mounted"), ca.issue("localhost"));
    ServerCertificate certificate =
        ServerCertificate.load(mounted.certificate(), mounted.key(), Clock.systemUTC());
    BigInteger before = certificate.certificate().getSerialNumber();

    mounted.update(ca.issue("localhost"));

    assertThat(certificate.reloadIfChanged()).isTrue();
    assertThat(certificate.certificate().getSerialNumber()).isNotEqualTo(before);
  }

  @Test
  void unusableFilesFailTheStartSayingWhich() throws Exception {
    TestCertificates.Issued issued = ca.issue("localhost");
    Path missing = dir.resolve("missing.crt");

    assertThatThrownBy(() -> ServerCertificate.load(missing, issued.key(), Clock.systemUTC()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                ServerCertificate.load(
                    issued.certificate(), ca.issue("localhost").key(), Clock.systemUTC()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(issued.certificate().toString())
        .hasMessageContaining("does not belong");
    assertThat(List.of(issued.certificate(), issued.key())).allSatisfy(f -> assertThat(f).exists());
  }
}
