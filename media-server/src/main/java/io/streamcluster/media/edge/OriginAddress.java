package io.streamcluster.media.edge;

import java.util.Objects;

/**
 * An origin's host and one of its ports: its RTMP port where an edge pulls from it, its HTTP port
 * where an edge asks it which streams it holds.
 */
public record OriginAddress(String host, int port) {

  public OriginAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("origin host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("origin port must be 1..65535, was " + port);
    }
  }

  /**
   * Reads {@code host:port}; an IPv6 host is written in brackets ({@code [::1]:1935}).
   *
   * @throws IllegalArgumentException when the text is not {@code host:port}
   */
  public static OriginAddress parse(String text) {
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("origin '" + text + "' is not host:port");
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("origin '" + text + "' has no numeric port", e);
    }
    return new OriginAddress(host, port);
  }

  /** The host as it appears in a URL, with brackets around an IPv6 address. */
  public String urlHost() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return urlHost() + ":" + port;
  }
}
