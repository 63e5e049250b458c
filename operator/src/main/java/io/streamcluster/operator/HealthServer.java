package io.streamcluster.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's small HTTP server: {@code /healthz} (the liveness probe: the process is well,
 * asked of the process alone, so that an unreachable API server does not get the operator
 * restarted), {@code /readyz} (the operator has started) and {@code /metrics} (Prometheus text,
 * from Micrometer: JOSDK's reconcile metrics, the JVM's, and whether the informers are connected).
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(
      int port, BooleanSupplier healthy, BooleanSupplier ready, PrometheusMeterRegistry metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/healthz", exchange -> probe(exchange, healthy));
    server.createContext("/readyz", exchange -> probe(exchange, ready));
    server.createContext(
        "/metrics",
        exchange ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "health-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
