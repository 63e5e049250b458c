package io.streamcluster.e2e.cluster;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the host reaches a port inside the cluster. Closing it ends a port-forward; a direct
 * address (pod or Service IP on the node's bridge) needs nothing closed.
 */
public record HostEndpoint(String host, int port, Closeable forward) implements Closeable {

  static HostEndpoint direct(String host, int port) {
    return new HostEndpoint(host, port, () -> {});
  }

  /** {@code host:port}, as a URL authority. */
  public String authority() {
    return host + ":" + port;
  }

  public String rtmpUrl(String app, String stream) {
    return "rtmp://" + authority() + "/" + app + "/" + stream;
  }

  public String httpUrl(String path) {
    return "http://" + authority() + (path.startsWith("/") ? path : "/" + path);
  }

  @Override
  public void close() throws IOException {
    forward.close();
  }
}
