package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.RtmpPlayCommands;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack suite: strangers on both ports of a real server process, on loopback, with bounded
 * counts and times. Each attack asserts that the server stays within its limits (the refusal is
 * counted, the connections are closed, the memory it holds is bounded) and that a real player
 * watching a real publisher's stream at the same time keeps receiving.
 */
class HostileClientsIT {

  private static final int PER_ADDRESS = 300;
  private static final int CLOCK_SECONDS = 3;
  private static MediaServerProcess server;
  private static Ffmpeg.Running publisher;
  private WatchingPlayer player;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void startServerAndPublisher() throws Exception {
    server =
        MediaServerProcess.start(
            "standalone",
            "--max-connections-per-address",
            "" + PER_ADDRESS,
            "--rtmp-start-timeout-seconds",
            "" + CLOCK_SECONDS,
            "--http-header-timeout-seconds",
            "" + CLOCK_SECONDS,
            "--http-idle-timeout-seconds",
            "" + CLOCK_SECONDS);
    publisher = Ffmpeg.publish(server.rtmpUrl("steady"), 1024, 768);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    server.close();
  }

  @BeforeEach
  void watch() {
    player = WatchingPlayer.watch(server.flvUrl("steady"));
  }

  @AfterEach
  void closeSockets() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    player.close();
  }

  @Test
  void slowlorisOnTheHttpPortIsCutOffByTheHeaderTimeout() throws Exception {
    double before = refused("http_header_timeout");
    for (int i = 0; i < 200; i++) {
      Socket socket = open(server.httpPort);
      socket.getOutputStream().write("GET /live/steady.flv HTTP/1.1\r\nHost: a\r\nX-".getBytes());
    }

    await()
        .atMost(Duration.ofSeconds(CLOCK_SECONDS + 10))
        .until(() -> refused("http_header_timeout") >= before + 200);
    assertThat(closedByServer(sockets)).isEqualTo(200);
    player.assertStillReceiving();
  }

  @Test
  void slowlorisOnTheRtmpPortIsCutOffByTheStartTimeout() throws Exception {
    double before = refused("start_timeout");
    List<RawRtmpClient> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        // A complete handshake, then a chunk header that never ends.
        idle.add(RawRtmpClient.open(server.rtmpPort, 0).handshake().raw(new byte[] {3, 0, 0}));
      }

      await()
          .atMost(Duration.ofSeconds(CLOCK_SECONDS + 10))
          .until(() -> refused("start_timeout") >= before + 100);
      for (RawRtmpClient client : idle) {
        assertThat(client.closedByServerWithin(2000)).isTrue();
      }
      player.assertStillReceiving();
    } finally {
      for (RawRtmpClient client : idle) {
        client.close();
      }
    }
  }

  @Test
  void preConnectHoardingIsRefusedAtTheFirstOversizedHeaderAndHoldsNoMemory() throws Exception {
    // The probe of the issue: 20 connections, each opening 60 chunk streams with a partial
    // message of 16 MiB before connect (it made the server hold 15.5 MiB per connection).
    double before = refused("pre_admission_bytes") + refused("message_size");
    List<RawRtmpClient> hoarders = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        RawRtmpClient hoarder = RawRtmpClient.open(server.rtmpPort, 0).handshake();
        hoarders.add(hoarder);
        hoarder.message(2, RtmpMessageType.SET_CHUNK_SIZE, 0, 0, intBytes(1 << 20));
        try {
          for (int csid = 64; csid < 124; csid++) {
            hoarder.raw(partialMessageHeader(csid, 0xFFFFFF)).raw(new byte[256 * 1024]);
          }
        } catch (SocketException closed) {
          // refused: the server closed the connection at the first oversized header
        }
      }
      for (RawRtmpClient hoarder : hoarders) {
        assertThat(hoarder.closedByServerWithin(5000)).isTrue();
      }
      assertThat(refused("pre_admission_bytes") + refused("message_size"))
          .isGreaterThanOrEqualTo(before + 20);
      player.assertStillReceiving();
    } finally {
      for (RawRtmpClient hoarder : hoarders) {
        hoarder.close();
      }
    }
  }

  @Test
  void hoardingWithinThePreAdmissionBytesHoldsWellUnderAMegabytePerConnection() throws Exception {
    // Strangers that stay just within the budget: 4 unfinished 16 KiB messages each (their first
    // 4 KiB chunk sent), left open.
    int connections = 20;
    double directBefore = ServerMemory.directBufferBytes(metricsUrl());
    long rssBefore = ServerMemory.rssBytes(server.pid());
    List<RawRtmpClient> hoarders = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        RawRtmpClient hoarder = RawRtmpClient.open(server.rtmpPort, 0).handshake();
        hoarders.add(hoarder);
        hoarder.message(2, RtmpMessageType.SET_CHUNK_SIZE, 0, 0, intBytes(4096));
        for (int csid = 64; csid < 68; csid++) {
          hoarder.raw(partialMessageHeader(csid, 16 * 1024)).raw(new byte[4096]);
        }
      }
      Thread.sleep(1000);
      double directDuring = ServerMemory.directBufferBytes(metricsUrl());
      long rssDuring = ServerMemory.rssBytes(server.pid());
      double perConnection = (directDuring - directBefore) / connections;
      System.out.printf(
          "hoarding within the budget: %d connections, direct buffers %+.0f KiB per connection,"
              + " RSS %+d KiB per connection%n",
          connections, perConnection / 1024, (rssDuring - rssBefore) / connections / 1024);
      assertThat(perConnection).isLessThan(1 << 20);
      for (RawRtmpClient hoarder : hoarders) {
        assertThat(hoarder.closedByServerWithin(CLOCK_SECONDS * 1000L + 5000)).isTrue();
      }
      player.assertStillReceiving();
    } finally {
      for (RawRtmpClient hoarder : hoarders) {
        hoarder.close();
      }
    }
  }

  @Test
  void aPeerThatNeverReadsIsClosedOnceItsQueuePassesTheBound() throws Exception {
    double before = refused("outbound_queue");
    try (RawRtmpClient deaf = publishing("deaf", 4096)) {
      // A publisher that never reads: every unknown command it sends is answered with an _error
      // echoing its name, and the answers pile up in the server until the bound closes it.
      String name = "x".repeat(4000);
      try {
        for (int i = 0; i < 40_000 && refused("outbound_queue") < before + 1; i += 100) {
          for (int j = i; j < i + 100; j++) {
            deaf.command(0, io.streamcluster.media.rtmp.RtmpCommand.of(name, j + 2, null));
          }
        }
      } catch (SocketException closed) {
        // the server closed it
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> refused("outbound_queue") >= before + 1);
      assertThat(deaf.closedByServerWithin(5000)).isTrue();
    }
    player.assertStillReceiving();
  }

  @Test
  void pipelinedGetsAfterAPlaybackRequestAreRefused() throws Exception {
    double before = refused("pipelined_request");
    double playersBefore = metric("streamcluster_subscribers");
    Socket socket = open(server.httpPort);
    String get = "GET /live/steady.flv HTTP/1.1\r\nHost: a\r\n\r\n";
    socket.getOutputStream().write((get + get + get).getBytes(StandardCharsets.US_ASCII));

    await().atMost(Duration.ofSeconds(10)).until(() -> refused("pipelined_request") >= before + 1);
    readUntilClosed(socket, 10_000);
    assertThat(metric("streamcluster_subscribers")).isLessThanOrEqualTo(playersBefore + 1);
    player.assertStillReceiving();
  }

  @Test
  void anOversizedMessageFromAPublisherIsRefused() throws Exception {
    double before = refused("message_size");
    try (RawRtmpClient publisher = publishing("oversized")) {
      publisher.raw(partialMessageHeader(6, (1 << 20) + 1));
      assertThat(publisher.closedByServerWithin(5000)).isTrue();
    }
    assertThat(refused("message_size")).isGreaterThanOrEqualTo(before + 1);
    player.assertStillReceiving();
  }

  @Test
  void anAggregateInsideAnAggregateIsRefused() throws Exception {
    double before = refused("nested_aggregate");
    try (RawRtmpClient publisher = publishing("nested")) {
      byte[] inner = flvTag(RtmpMessageType.VIDEO, new byte[] {0x17, 1, 0, 0, 0, 0x65});
      byte[] outer = flvTag(RtmpMessageType.AGGREGATE, inner);
      publisher.message(6, RtmpMessageType.AGGREGATE, 0, 1, outer);
      assertThat(publisher.closedByServerWithin(5000)).isTrue();
    }
    assertThat(refused("nested_aggregate")).isGreaterThanOrEqualTo(before + 1);
    player.assertStillReceiving();
  }

  @Test
  void connectionsOverThePerAddressCapAreRefused() throws Exception {
    double before = refused("connections_per_address");
    for (int i = 0; i < PER_ADDRESS + 20; i++) {
      sockets.add(open(server.httpPort));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> refused("connections_per_address") >= before + 20);
    player.assertStillReceiving();
  }

  /** A publisher of {@code stream}: handshake, connect, createStream, publish, read the replies. */
  private RawRtmpClient publishing(String stream) throws IOException {
    return publishing(stream, 0);
  }

  private RawRtmpClient publishing(String stream, int receiveBuffer) throws IOException {
    RawRtmpClient client = RawRtmpClient.open(server.rtmpPort, receiveBuffer).handshake().connect();
    client.command(0, RtmpPlayCommands.createStream());
    client.command(
        1, io.streamcluster.media.rtmp.RtmpCommand.of("publish", 3, null, stream, "live"));
    client.drain(1000);
    return client;
  }

  /** A type 0 chunk header on {@code csid} announcing a video message of {@code length} bytes. */
  private static byte[] partialMessageHeader(int csid, int length) {
    ByteBuffer header = ByteBuffer.allocate(14);
    if (csid < 64) {
      header.put((byte) csid);
    } else {
      header.put((byte) 0).put((byte) (csid - 64));
    }
    header.put(new byte[3]); // timestamp 0
    header.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    header.put((byte) RtmpMessageType.VIDEO);
    header.put(new byte[] {1, 0, 0, 0}); // message stream 1, little endian
    byte[] bytes = new byte[header.position()];
    header.flip().get(bytes);
    return bytes;
  }

  private static byte[] flvTag(int type, byte[] body) {
    ByteBuffer tag = ByteBuffer.allocate(11 + body.length + 4);
    tag.put((byte) type);
    tag.put((byte) (body.length >>> 16)).put((byte) (body.length >>> 8)).put((byte) body.length);
    tag.put(new byte[7]);
    tag.put(body).putInt(11 + body.length);
    return tag.array();
  }

  private static byte[] intBytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  private Socket open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    sockets.add(socket);
    return socket;
  }

  /** How many of the sockets the server has closed (a read sees the end or a reset). */
  private static int closedByServer(List<Socket> sockets) throws IOException {
    int closed = 0;
    for (Socket socket : sockets) {
      socket.setSoTimeout(2000);
      try {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
          if (in.read(buffer) < 0) {
            closed++;
            break;
          }
        }
      } catch (SocketException reset) {
        closed++;
      } catch (java.net.SocketTimeoutException open) {
        // still open
      }
    }
    return closed;
  }

  private static String readUntilClosed(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[65536];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read.write(buffer, 0, Math.min(n, 65536));
        if (read.size() > (4 << 20)) {
          throw new AssertionError("the connection streamed on after a pipelined request");
        }
      }
    } catch (SocketException reset) {
      // closed by the server
    }
    return read.toString(StandardCharsets.ISO_8859_1);
  }

  private static String metricsUrl() {
    return server.internalUrl("/metrics");
  }

  private static double refused(String reason) throws Exception {
    return ServerMemory.refused(metricsUrl(), reason);
  }

  private static double metric(String series) throws Exception {
    return ServerMemory.metric(metricsUrl(), series);
  }
}
