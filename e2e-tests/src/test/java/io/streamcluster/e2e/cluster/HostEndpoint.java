package io.streamcluster.e2e.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

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

  /**
   * Waits until a TCP connection to this endpoint succeeds: a Service can have ready pods a moment
   * before kube-proxy has programmed its ClusterIP.
   */
  public HostEndpoint awaitAcceptingConnections(Duration timeout) throws InterruptedException {
    PodNetwork.requireReachable(host);
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 1000);
        return this;
      } catch (IOException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        authority() + " accepted no connection within " + timeout, last);
  }

  @Override
  public void close() throws IOException {
    forward.close();
  }
}
