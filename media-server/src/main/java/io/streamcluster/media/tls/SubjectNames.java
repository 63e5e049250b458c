package io.streamcluster.media.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The names a server certificate is good for (its subject alternative names, as browsers and ffmpeg
 * read them: DNS names with an optional wildcard as the whole left-most label, and IP addresses),
 * and whether a host is one of them. The subject's common name is not a name (RFC 6125, and every
 * current client).
 */
public final class SubjectNames {

  private static final int DNS = 2;
  private static final int IP = 7;

  private SubjectNames() {}

  /** The certificate's DNS names and IP addresses, as written in it. */
  public static List<String> of(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    for (List<?> entry : alternativeNames(certificate)) {
      int type = (Integer) entry.get(0);
      if (type == DNS || type == IP) {
        names.add(String.valueOf(entry.get(1)));
      }
    }
    return names;
  }

  /** Whether {@code host} (a DNS name or an IP literal) is one of the certificate's names. */
  public static boolean matches(X509Certificate certificate, String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipLiteral = isIpLiteral(bare);
    for (List<?> entry : alternativeNames(certificate)) {
      int type = (Integer) entry.get(0);
      String name = String.valueOf(entry.get(1));
      if (ipLiteral && type == IP && sameAddress(bare, name)) {
        return true;
      }
      if (!ipLiteral && type == DNS && dnsMatches(name, bare)) {
        return true;
      }
    }
    return false;
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /**
   * {@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor {@code
   * a.b.example.com}.
   */
  static boolean dnsMatches(String pattern, String host) {
    String p = trimDot(pattern).toLowerCase(Locale.ROOT);
    String h = trimDot(host).toLowerCase(Locale.ROOT);
    if (!p.startsWith("*.")) {
      return p.equals(h);
    }
    int dot = h.indexOf('.');
    return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // literals only: getByName does not resolve them
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
