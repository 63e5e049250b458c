package io.streamcluster.media.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.media.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a client (an edge calling its origin) verifies the server's chain and name. */
class VerifyingTrustManagerTest {

  @TempDir static Path dir;
  private static TestCertificates ca;
  private static X509Certificate[] origin;

  @BeforeAll
  static void issue() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster test CA");
    origin = chain(ca.issue("origin.example.test", "*.edges.example.test", "10.0.0.7"));
  }

  @Test
  void theHostDialledMustBeOnTheCertificate() throws Exception {
    VerifyingTrustManager trust = trusting(ca, Optional.empty());

    trust.check(origin, "ECDHE_ECDSA", "origin.example.test");
    trust.check(origin, "ECDHE_ECDSA", "ORIGIN.example.test.");
    trust.check(origin, "ECDHE_ECDSA", "10.0.0.7");
    trust.check(origin, "ECDHE_ECDSA", "edge-1.edges.example.test");
    assertThatThrownBy(() -> trust.check(origin, "ECDHE_ECDSA", "live-origin-internal.ns.svc"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not live-origin-internal.ns.svc");
    assertThatThrownBy(() -> trust.check(origin, "ECDHE_ECDSA", "10.0.0.8"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aConfiguredNameIsCheckedInsteadOfTheHostDialled() throws Exception {
    VerifyingTrustManager trust = trusting(ca, Optional.of("origin.example.test"));

    trust.check(origin, "ECDHE_ECDSA", "live-origin-internal.ns.svc");
    assertThatThrownBy(
            () ->
                trusting(ca, Optional.of("other.example.test"))
                    .check(origin, "ECDHE_ECDSA", "origin.example.test"))
        .hasMessageContaining("the configured name");
  }

  @Test
  void aChainFromAnotherAuthorityIsRefusedWhateverItsName() throws Exception {
    TestCertificates stranger = TestCertificates.authority(dir.resolve("other"), "Another CA");

    assertThatThrownBy(
            () ->
                trusting(stranger, Optional.empty())
                    .check(origin, "ECDHE_ECDSA", "origin.example.test"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aWildcardCoversExactlyOneLeftmostLabel() {
    assertThat(SubjectNames.dnsMatches("*.example.com", "a.example.com")).isTrue();
    assertThat(SubjectNames.dnsMatches("*.example.com", "example.com")).isFalse();
    assertThat(SubjectNames.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
    assertThat(SubjectNames.dnsMatches("a.example.com", "A.Example.Com")).isTrue();
    assertThat(SubjectNames.dnsMatches("a.example.com", "b.example.com")).isFalse();
  }

  @Test
  void theCaFileIsReadAgainWhenItChanges() throws Exception {
    Path caFile = dir.resolve("rotating-ca.crt");
    TestCertificates stranger = TestCertificates.authority(dir.resolve("before"), "Old CA");
    Files.copy(stranger.caFile(), caFile);
    VerifyingTrustManager trust =
        new VerifyingTrustManager(TrustedCertificates.fromFile(caFile), Optional.empty());
    assertThatThrownBy(() -> trust.check(origin, "ECDHE_ECDSA", "origin.example.test"))
        .isInstanceOf(CertificateException.class);

    Files.writeString(caFile, Files.readString(stranger.caFile()) + Files.readString(ca.caFile()));

    trust.check(origin, "ECDHE_ECDSA", "origin.example.test");
  }

  private static VerifyingTrustManager trusting(TestCertificates authority, Optional<String> name)
      throws Exception {
    return new VerifyingTrustManager(TrustedCertificates.fromFile(authority.caFile()), name);
  }

  private static X509Certificate[] chain(TestCertificates.Issued issued) throws Exception {
    return PemFiles.certificates(Files.readAllBytes(issued.certificate()))
        .toArray(X509Certificate[]::new);
  }
}
