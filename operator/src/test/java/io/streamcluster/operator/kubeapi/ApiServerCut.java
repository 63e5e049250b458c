package io.streamcluster.operator.kubeapi;

import io.streamcluster.media.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between a client and the test kube-apiserver that can be cut: while cut,
 * every connection through it is closed and new ones are refused, as if the API server had gone
 * away, and once restored it relays again on the same port. Bytes pass through untouched (TLS ends
 * at the API server). The kube-apiserver process itself cannot be stopped and restarted under
 * kube-api-test, which stops etcd with it.
 */
final class ApiServerCut implements AutoCloseable {

  private final int target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private int port;

  private ApiServerCut(int target) {
    this.target = target;
  }

  /**
   * A relay to {@code 127.0.0.1:target}, relaying, on a port below the ephemeral range: while it is
   * cut, no outgoing connection can take that port (or connect to itself on it) before it is
   * restored.
   */
  static ApiServerCut to(int target) throws IOException {
    ApiServerCut cut = new ApiServerCut(target);
    cut.listen(FreePorts.one());
    return cut;
  }

  int port() {
    return port;
  }

  /** Closes every connection through the relay and refuses new ones. */
  synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** Relays again, on the same port. */
  synchronized void restore() throws IOException {
    listen(port);
  }

  private void listen(int onPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
    port = server.getLocalPort();
    listener = server;
    daemon("api-server-cut-accept", () -> accept(server));
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        daemon("api-server-cut-up", () -> copy(client, upstream));
        daemon("api-server-cut-down", () -> copy(upstream, client));
      } catch (IOException e) {
        // closed by cut(): the loop ends
      }
    }
  }

  private void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close both below
    } finally {
      close(from);
      close(to);
    }
  }

  private void close(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
