package io.streamcluster.media.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import io.streamcluster.media.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and chains as openssl and cert-manager write them. */
class CertifiedKeyTest {

  @TempDir static Path dir;
  private static TestCertificates ca;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster test CA");
  }

  @Test
  void anEcKeyInPkcs8AndAnRsaKeyInPkcs1AreRead() throws Exception {
    TestCertificates.Issued ec = ca.issue("localhost");
    TestCertificates.Issued rsa = ca.issueWithRsaKey("localhost");
    assertThat(Files.readString(ec.key())).contains("BEGIN PRIVATE KEY");
    assertThat(Files.readString(rsa.key())).contains("BEGIN RSA PRIVATE KEY");

    assertThat(read(ec.certificate(), ec.key()).key().getAlgorithm()).isEqualTo("EC");
    assertThat(read(rsa.certificate(), rsa.key()).key().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void anEcKeyInSec1IsRead() throws Exception {
    TestCertificates.Issued issued = ca.issue("localhost");
    Path sec1 = dir.resolve("sec1.key");
    openssl("ec", "-in", issued.key().toString(), "-out", sec1.toString());
    // some tools write the curve's parameters before the key
    Path withParameters = dir.resolve("sec1-params.key");
    openssl("ecparam", "-name", "prime256v1", "-out", withParameters.toString());
    Files.writeString(withParameters, Files.readString(withParameters) + Files.readString(sec1));
    assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");

    assertThat(read(issued.certificate(), sec1).key().getAlgorithm()).isEqualTo("EC");
    assertThat(read(issued.certificate(), withParameters).key().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void theWholeChainIsReadServerCertificateFirst() throws Exception {
    TestCertificates.Issued issued = ca.issue("localhost");
    Path chain = dir.resolve("chain.crt");
    Files.writeString(
        chain, Files.readString(issued.certificate()) + Files.readString(ca.caFile()));

    CertifiedKey read = read(chain, issued.key());

    assertThat(read.chain()).hasSize(2);
    assertThat(read.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(read.describe()).contains("CN=localhost", "[localhost]", "valid until");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
    TestCertificates.Issued one = ca.issue("localhost");
    TestCertificates.Issued other = ca.issueWithRsaKey("localhost");

    assertThatThrownBy(() -> read(one.certificate(), ca.issue("localhost").key()))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> read(one.certificate(), other.key()))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void anEncryptedKeyOrAFileWithoutOneIsRefusedSayingWhy() throws Exception {
    TestCertificates.Issued issued = ca.issue("localhost");
    Path encrypted = dir.resolve("encrypted.key");
    openssl(
        "pkcs8",
        "-topk8",
        "-in",
        issued.key().toString(),
        "-out",
        encrypted.toString(),
        "-passout",
        "pass:secret");

    assertThatThrownBy(() -> read(issued.certificate(), encrypted))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> read(issued.certificate(), issued.certificate()))
        .hasMessageContaining("no PEM private key");
    assertThatThrownBy(() -> read(issued.key(), issued.key()))
        .hasMessageContaining("no PEM certificate");
  }

  @Test
  void anExpiredCertificateIsReadAndKnownToBeExpired() throws Exception {
    TestCertificates.Issued expired = ca.issueExpired("localhost");

    assertThat(read(expired.certificate(), expired.key()).expiredAt(Instant.now())).isTrue();
    TestCertificates.Issued valid = ca.issue("localhost");
    assertThat(read(valid.certificate(), valid.key()).expiredAt(Instant.now())).isFalse();
  }

  private static CertifiedKey read(Path certificate, Path key) throws Exception {
    return CertifiedKey.fromPem(Files.readAllBytes(certificate), Files.readAllBytes(key));
  }

  private static void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ExternalTool.require("openssl", "apt-get install -y openssl"));
    command.addAll(List.of(args));
    Command.of(command).timeout(Duration.ofSeconds(30)).run().orThrow();
  }
}
