package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.stream.RecordingPlayer;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finding the origin that holds a stream through the origins' cluster API, against stub origins.
 */
class HttpOriginLookupTest {

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<EventExecutor> loops = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
    loops.forEach(loop -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
  }

  @Test
  void onlyOriginsThatAnswerLiveAreTriedInTheConfiguredOrderWithTheirRtmpPorts() throws Exception {
    OriginAddress without = stubOrigin(Map.of());
    OriginAddress unreachable = new OriginAddress("127.0.0.1", closedPort());
    OriginAddress holder = stubOrigin(Map.of("cam", live("cam", 19350)));
    OriginAddress notLive = stubOrigin(Map.of("cam", "{\"name\":\"cam\",\"live\":false}"));
    OriginAddress garbled = stubOrigin(Map.of("cam", "not json"));
    OriginAddress alsoHolder = stubOrigin(Map.of("cam", live("cam", 19351)));

    List<OriginAddress> found =
        UpstreamOrigins.httpLookup(
                List.of(without, unreachable, holder, notLive, garbled, alsoHolder), unsigned())
            .locate("cam")
            .get(10, TimeUnit.SECONDS);

    assertThat(found)
        .containsExactly(
            new OriginAddress("127.0.0.1", 19350), new OriginAddress("127.0.0.1", 19351));
  }

  @Test
  void aStreamNoOriginHoldsIsFoundNowhere() throws Exception {
    OriginAddress origin = stubOrigin(Map.of("cam", live("cam", 1935)));

    List<OriginAddress> found =
        UpstreamOrigins.httpLookup(List.of(origin), unsigned())
            .locate("stage")
            .get(10, TimeUnit.SECONDS);

    assertThat(found).isEmpty();
  }

  @Test
  void thePullerPlaysTheStreamFromTheOriginTheLookupNames() throws Exception {
    OriginAddress empty = stubOrigin(Map.of());
    OriginAddress holder = stubOrigin(Map.of("cam", live("cam", 19352)));
    DefaultEventLoop loop = new DefaultEventLoop();
    loops.add(loop);
    StreamRegistry registry = new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
    FakeConnector connector = new FakeConnector();
    EdgePuller puller =
        new EdgePuller(
            registry,
            UpstreamOrigins.httpLookup(List.of(empty, holder), unsigned()),
            connector,
            EdgePullConfig.DEFAULTS,
            loop);
    registry.addListener(puller);

    RecordingPlayer player = new RecordingPlayer(loop).join(registry, "cam");

    await().atMost(Duration.ofSeconds(10)).until(() -> !connector.opened.isEmpty());
    assertThat(connector.opened.get(0).origin()).isEqualTo(new OriginAddress("127.0.0.1", 19352));
    connector.opened.get(0).plays();
    await().atMost(Duration.ofSeconds(5)).until(() -> puller.activeUpstreams() == 1);
    player.leave();
    puller.close();
    assertThat(connector.opened.get(0).closed).isTrue();
  }

  /** The stubs answer unsigned, as an origin run with --insecure-cluster-api does. */
  private static ClusterApiClient unsigned() {
    return new ClusterApiClient(Duration.ofSeconds(2));
  }

  private static String live(String name, int rtmpPort) {
    return "{\"name\":\"" + name + "\",\"live\":true,\"rtmpPort\":" + rtmpPort + "}";
  }

  /** An origin's stream endpoint: the given bodies with 200, 404 for any other name. */
  private OriginAddress stubOrigin(Map<String, String> streams) throws IOException {
    Map<String, String> bodies = new ConcurrentHashMap<>(streams);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        ClusterApiPaths.STREAMS,
        exchange -> {
          String name =
              exchange.getRequestURI().getPath().substring(ClusterApiPaths.STREAMS.length());
          String body = bodies.get(name);
          byte[] bytes =
              (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    servers.add(server);
    return new OriginAddress("127.0.0.1", server.getAddress().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
