package io.streamcluster.media.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A certificate authority for tests, made by the real {@code openssl}, and the server certificates
 * it issues: with the DNS names and IP addresses asked for, valid for two days or already expired,
 * with an EC (P-256) key in PKCS#8 or an RSA key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as
 * cert-manager writes by default). Everything lives in one directory.
 */
public final class TestCertificates {

  private static final String INSTALL = "apt-get install -y openssl";

  /** A certificate and its key, as PEM files, and the CA that issued it. */
  public record Issued(Path certificate, Path key, Path caFile) {}

  private final Path dir;
  private final Path caCertificate;
  private final Path caKey;
  private final AtomicInteger serial = new AtomicInteger();

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caCertificate = dir.resolve("ca.crt");
    this.caKey = dir.resolve("ca.key");
  }

  /** A new CA, named {@code name}, in {@code dir}. */
  public static TestCertificates authority(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    TestCertificates ca = new TestCertificates(dir);
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        ca.caKey.toString(),
        "-out",
        ca.caCertificate.toString(),
        "-subj",
        "/CN=" + name,
        "-days",
        "2");
    return ca;
  }

  /** The CA's certificate: what a verifying client trusts ({@code -ca_file}, a ca.crt). */
  public Path caFile() {
    return caCertificate;
  }

  /** A server certificate for {@code names} (DNS names and IP literals), valid for two days. */
  public Issued issue(String... names) throws IOException {
    return issue(List.of(names), 2, false);
  }

  /** A server certificate for {@code names} whose validity ended before it began. */
  public Issued issueExpired(String... names) throws IOException {
    return issue(List.of(names), -1, false);
  }

  /** A server certificate for {@code names} with an RSA key written as PKCS#1. */
  public Issued issueWithRsaKey(String... names) throws IOException {
    return issue(List.of(names), 2, true);
  }

  private Issued issue(List<String> names, int days, boolean rsa) throws IOException {
    String base = "server-" + serial.incrementAndGet();
    Path key = dir.resolve(base + ".key");
    Path request = dir.resolve(base + ".csr");
    Path certificate = dir.resolve(base + ".crt");
    Path extensions = dir.resolve(base + ".ext");
    if (rsa) {
      openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
    } else {
      openssl(
          "genpkey",
          "-algorithm",
          "EC",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-out",
          key.toString());
    }
    openssl(
        "req",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + names.get(0),
        "-out",
        request.toString());
    List<String> alternativeNames = new ArrayList<>();
    for (String name : names) {
      alternativeNames.add((name.matches("[0-9.]+") || name.contains(":") ? "IP:" : "DNS:") + name);
    }
    Files.writeString(
        extensions,
        "basicConstraints=CA:FALSE\n"
            + "keyUsage=critical,digitalSignature,keyEncipherment\n"
            + "extendedKeyUsage=serverAuth\n"
            + "subjectAltName="
            + String.join(",", alternativeNames)
            + "\n");
    openssl(
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        caCertificate.toString(),
        "-CAkey",
        caKey.toString(),
        "-set_serial",
        Integer.toString(1000 + serial.get()),
        "-days",
        Integer.toString(days),
        "-extfile",
        extensions.toString(),
        "-out",
        certificate.toString());
    return new Issued(certificate, key, caCertificate);
  }

  private static void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ExternalTool.require("openssl", INSTALL));
    command.addAll(List.of(args));
    Command.of(command).timeout(Duration.ofSeconds(60)).run().orThrow();
  }
}
