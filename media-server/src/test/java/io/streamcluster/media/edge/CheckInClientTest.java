package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.EdgeState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The edge's check-ins against an origin that answers slowly: one at a time, in order. */
class CheckInClientTest {

  private HttpServer origin;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final List<String> statesReceived = new CopyOnWriteArrayList<>();
  private final AtomicReference<EdgeState> state = new AtomicReference<>(EdgeState.READY);

  @AfterEach
  void stop() {
    if (origin != null) {
      origin.stop(0);
    }
  }

  @Test
  void anOriginSlowerThanTheIntervalGetsOneCheckInAtATimeSoItReadsThemInOrder() throws Exception {
    startSlowOrigin();

    try (CheckInClient checkIns = checkInClient(Duration.ofMillis(50))) {
      checkIns.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> statesReceived.size() >= 3);
      assertThat(checkIns.hasCheckedIn()).isTrue();
    }

    assertThat(mostOpen.get()).as("check-ins in flight at once").isEqualTo(1);
  }

  @Test
  void theDrainingNoticeWaitsForTheCheckInOnItsWaySoTheOriginReadsItLast() throws Exception {
    startSlowOrigin();

    try (CheckInClient checkIns = checkInClient(Duration.ofSeconds(60))) {
      checkIns.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> open.get() == 1);
      state.set(EdgeState.DRAINING);
      checkIns.checkInEverywhere();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> statesReceived.size() == 2 && open.get() == 0);
    }

    assertThat(statesReceived).containsExactly("ready", "draining");
    assertThat(mostOpen.get()).as("check-ins in flight at once").isEqualTo(1);
  }

  /** An origin that answers each check-in after half a second, noting the state it reports. */
  private void startSlowOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    origin.setExecutor(Executors.newCachedThreadPool());
    origin.createContext(
        "/api/v1/edges/",
        exchange -> {
          mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            statesReceived.add(body.contains("\"draining\"") ? "draining" : "ready");
            Thread.sleep(500);
            byte[] reply = "{\"drain\":false,\"ttlSeconds\":6}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(reply);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            open.decrementAndGet();
            exchange.close();
          }
        });
    origin.start();
  }

  /** Checks in with the slow origin every {@code interval}, reporting {@link #state}. */
  private CheckInClient checkInClient(Duration interval) {
    EdgeLoad edge =
        new EdgeLoad() {
          @Override
          public EdgeState state() {
            return state.get();
          }

          @Override
          public CheckIn snapshot() {
            return new CheckIn("edge-a", "127.0.0.1", 1935, 5080, state.get(), 0, 10, Map.of(), 0);
          }
        };
    return new CheckInClient(
        List.of("127.0.0.1:" + origin.getAddress().getPort()),
        edge,
        new ClusterApiClient(Duration.ofSeconds(5)),
        interval,
        () -> {});
  }
}
