package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A subscriber asking /cluster as a mobile client does: Retry-After honoured, patience kept. */
class ClusterAskerTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private HttpServer origin;

  @AfterEach
  void stop() {
    timer.shutdownNow();
    if (origin != null) {
      origin.stop(0);
    }
  }

  @Test
  void aRefusedSubscriberComesBackAfterTheRetryAfterAndGetsItsEdge() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    URI cluster =
        serve(
            exchange -> {
              if (requests.incrementAndGet() <= 2) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                answer(exchange, 503, "no edge is ready with room\n");
              } else {
                answer(exchange, 200, "127.0.0.1:1936");
              }
            });
    ClusterAsker asker = new ClusterAsker(cluster, Duration.ofSeconds(30), timer);

    long started = System.nanoTime();
    Optional<String> edge = asker.edge().get(10, TimeUnit.SECONDS);

    assertThat(edge).contains("127.0.0.1:1936");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("two Retry-Afters of 1 s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    LoadReport.ClusterAsks report = asker.report();
    assertThat(report.asked()).isEqualTo(1);
    assertThat(report.answered()).isEqualTo(1);
    assertThat(report.waited()).isEqualTo(1);
    assertThat(report.refusedSubscribers()).isEqualTo(1);
    assertThat(report.refusedAnswers()).isEqualTo(2);
    assertThat(report.longestRetryAfterSeconds()).isEqualTo(1);
    assertThat(report.gaveUp()).isZero();
    assertThat(report.edges()).isEqualTo(Map.of("127.0.0.1:1936", 1));
  }

  @Test
  void aSubscriberGivesUpWhenTheNextTryWouldBeBeyondItsPatience() throws Exception {
    URI cluster =
        serve(
            exchange -> {
              exchange.getResponseHeaders().set("Retry-After", "3");
              answer(exchange, 503, "full\n");
            });
    ClusterAsker asker = new ClusterAsker(cluster, Duration.ofSeconds(5), timer);

    Optional<String> edge = asker.edge().get(15, TimeUnit.SECONDS);

    assertThat(edge).isEmpty();
    assertThat(asker.report().gaveUp()).isEqualTo(1);
    assertThat(asker.report().refusedAnswers()).isEqualTo(2);
  }

  @Test
  void aSubscriberWhoseEdgeRefusesThePlayAsksAgainAndIsCountedOnce() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    URI cluster =
        serve(
            exchange -> answer(exchange, 200, "127.0.0.1:" + (1934 + requests.incrementAndGet())));
    ClusterAsker asker = new ClusterAsker(cluster, Duration.ofSeconds(30), timer);
    ClusterAsker.Viewer viewer = asker.viewer();

    assertThat(viewer.edge().get(5, TimeUnit.SECONDS)).contains("127.0.0.1:1935");
    assertThat(viewer.edgeRefused().get(5, TimeUnit.SECONDS)).contains("127.0.0.1:1936");

    LoadReport.ClusterAsks report = asker.report();
    assertThat(report.asked()).isEqualTo(1);
    assertThat(report.answered()).isEqualTo(1);
    assertThat(report.edgeRefusals()).isEqualTo(1);
    assertThat(report.edgeRefusedSubscribers()).isEqualTo(1);
    assertThat(report.waited()).as("an edge's refusal made it wait").isEqualTo(1);
    assertThat(report.waitedMs().max()).isGreaterThanOrEqualTo(900.0);
    assertThat(report.gaveUp()).isZero();
    assertThat(report.edges()).as("its last edge").isEqualTo(Map.of("127.0.0.1:1936", 1));
  }

  @Test
  void aSubscriberThatEdgesKeepRefusingGivesUpAfterTheirLimit() throws Exception {
    URI cluster = serve(exchange -> answer(exchange, 200, "127.0.0.1:1935"));
    ClusterAsker asker = new ClusterAsker(cluster, Duration.ofSeconds(60), timer);
    ClusterAsker.Viewer viewer = asker.viewer();
    viewer.edge().get(5, TimeUnit.SECONDS);

    Optional<String> last = Optional.empty();
    for (int i = 0; i <= ClusterAsker.MAX_EDGE_REFUSALS; i++) {
      last = viewer.edgeRefused().get(5, TimeUnit.SECONDS);
    }

    assertThat(last).isEmpty();
    assertThat(asker.report().gaveUp()).as("finally refused").isEqualTo(1);
    assertThat(asker.report().answered()).isZero();
  }

  @Test
  void withoutARetryAfterTheClientWaitsFiveSeconds() {
    assertThat(ClusterAsker.DEFAULT_RETRY_AFTER).isEqualTo(Duration.ofSeconds(5));
  }

  private URI serve(Handler handler) throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    origin.createContext(
        "/cluster",
        exchange -> {
          try {
            handler.handle(exchange);
          } finally {
            exchange.close();
          }
        });
    origin.start();
    return URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/cluster");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }
}
