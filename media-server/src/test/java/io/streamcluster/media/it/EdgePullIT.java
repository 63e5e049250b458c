package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.edge.EdgePullConfig;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.edge.OriginAddress;
import io.streamcluster.media.edge.UpstreamOrigins;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An edge pulling from a real origin process, with ffmpeg publishing to the origin and ffmpeg and
 * ffprobe playing from the edge. The origin is the jar in its own process; the edge runs in this
 * JVM, pulling from the origin's RTMP address (the origins' stream lookup API is not served yet).
 */
class EdgePullIT {

  private static final Duration GRACE = EdgePullConfig.DEFAULTS.grace();

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> started = new ArrayList<>();
  private MediaServerProcess origin;
  private MediaServer edge;

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void edgePlayersDecodeTheStreamAndShareOneUpstreamThatIsLetGoAfterTheGrace() throws Exception {
    startOrigin();
    startEdge(Duration.ofSeconds(15));
    publish("shared");
    awaitLiveOnOrigin("shared");

    Command.Result probe = Ffmpeg.probeStreams(edgeRtmpUrl("shared"));
    assertThat(probe.succeeded()).as(probe.stderr()).isTrue();
    assertThat(probe.stdout())
        .contains("codec_name=h264", "width=1024", "height=768", "codec_name=aac");

    CompletableFuture<Command.Result> rtmpPlayer = decode(edgeRtmpUrl("shared"), 10);
    CompletableFuture<Command.Result> flvPlayer = decode(edgeFlvUrl("shared"), 10);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> edgeSubscribers("shared") == 2 || rtmpPlayer.isDone() || flvPlayer.isDone());
    assertThat(edgeSubscribers("shared")).as("players on the edge").isEqualTo(2);
    assertThat(originSubscribers("shared")).as("upstream connections on the origin").isEqualTo(1);
    assertThat(puller().activeUpstreams()).isEqualTo(1);

    for (CompletableFuture<Command.Result> player : List.of(rtmpPlayer, flvPlayer)) {
      Command.Result result = player.join();
      assertThat(result.succeeded()).as(result.stderr()).isTrue();
      assertThat(result.stderr()).isBlank();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> edgeSubscribers("shared") == 0);
    long left = System.nanoTime();

    await()
        .atMost(GRACE.plus(Duration.ofSeconds(10)))
        .until(() -> originSubscribers("shared") == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - left))
        .as("the upstream outlived its last player by the grace")
        .isGreaterThanOrEqualTo(GRACE.minusMillis(500));
    assertThat(puller().activeUpstreams()).isZero();
  }

  @Test
  void anEdgePlayerKeepsReceivingFramesWhenTheOriginRestarts() throws Exception {
    startOrigin();
    startEdge(Duration.ofSeconds(30));
    Ffmpeg.Running publisher = publish("restart");
    awaitLiveOnOrigin("restart");
    Ffmpeg.Running reader = track(Ffmpeg.videoReader(edgeFlvUrl("restart"), "frame=pts_time"));
    Ffmpeg.Running rtmpReader = track(Ffmpeg.videoReader(edgeRtmpUrl("restart"), "frame=pts_time"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> frames(reader) >= 50 && frames(rtmpReader) >= 50);

    publisher.close();
    int rtmpPort = origin.rtmpPort;
    int httpPort = origin.httpPort;
    origin.close();
    origin = null;
    await().atMost(Duration.ofSeconds(10)).until(() -> puller().activeUpstreams() == 0);
    int framesBeforeRestart = frames(reader);
    int rtmpFramesBeforeRestart = frames(rtmpReader);
    origin = MediaServerProcess.startOn("standalone", rtmpPort, httpPort);
    publish("restart");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> frames(reader) >= framesBeforeRestart + 100 || !reader.isAlive());
    assertThat(reader.isAlive()).as("the player stayed connected: " + reader.printed()).isTrue();
    assertThat(frames(reader)).isGreaterThanOrEqualTo(framesBeforeRestart + 100);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> frames(rtmpReader) >= rtmpFramesBeforeRestart + 100 || !rtmpReader.isAlive());
    assertThat(rtmpReader.isAlive())
        .as("the RTMP player stayed connected: " + rtmpReader.printed())
        .isTrue();
    assertThat(puller().activeUpstreams()).isEqualTo(1);
    assertThat(puller().reconnects()).isPositive();
    assertThat(originSubscribers("restart")).isEqualTo(1);
  }

  @Test
  void aStreamTheOriginDoesNotHaveIsNotFoundOnTheEdgeAndThePullGivesUp() throws Exception {
    startOrigin();
    startEdge(Duration.ofSeconds(3));

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(edgeFlvUrl("nobody")))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    await().atMost(GRACE.plus(Duration.ofSeconds(10))).until(() -> puller().pullCount() == 0);
    assertThat(puller().activeUpstreams()).isZero();
  }

  private void startOrigin() throws Exception {
    origin = MediaServerProcess.start("standalone");
  }

  private void startEdge(Duration streamWait) throws InterruptedException {
    MediaServerConfig config =
        MediaServerConfig.builder(Role.EDGE)
            .bind("127.0.0.1")
            .rtmpPort(0)
            .httpPort(0)
            .internalPort(0)
            // fixed RTMP origins: no cluster API to sign calls to
            .insecureClusterApi(true)
            .maxSubscribers(100)
            .limits(MediaLimits.builder().streamWaitTimeout(streamWait).build())
            .eventLoopThreads(2)
            .edgeId("edge-it")
            .build();
    UpstreamOrigins origins =
        UpstreamOrigins.fixed(List.of(new OriginAddress("127.0.0.1", origin.rtmpPort)));
    edge = new MediaServer(config).pullingFrom(origins, EdgePullConfig.DEFAULTS).start();
  }

  private EdgePuller puller() {
    return edge.edgePuller().orElseThrow();
  }

  private Ffmpeg.Running publish(String stream) throws Exception {
    return track(Ffmpeg.publish(origin.rtmpUrl(stream), 1024, 768));
  }

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }

  private CompletableFuture<Command.Result> decode(String url, int seconds) {
    String[] command = Ffmpeg.decodeCommand(url, seconds).toArray(String[]::new);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Ffmpeg.run(Duration.ofSeconds(60), command);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static int frames(Ffmpeg.Running reader) throws Exception {
    return (int) reader.printed().lines().filter(line -> !line.isBlank()).count();
  }

  private String edgeRtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + edge.rtmpPort() + "/live/" + stream;
  }

  private String edgeFlvUrl(String stream) {
    return "http://127.0.0.1:" + edge.httpPort() + "/live/" + stream + ".flv";
  }

  private int edgeSubscribers(String stream) {
    return edge.streams().find(stream).map(LiveStream::subscriberCount).orElse(0);
  }

  private void awaitLiveOnOrigin(String stream) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> originMetrics().contains("stream_subscribers{stream=\"" + stream + "\"}"));
  }

  /** The origin's {@code streamcluster_stream_subscribers} for the stream; -1 without one. */
  private double originSubscribers(String stream) throws Exception {
    String series = "streamcluster_stream_subscribers{stream=\"" + stream + "\"} ";
    for (String line : originMetrics().split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(series.length()).trim());
      }
    }
    return -1;
  }

  private String originMetrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(origin.internalUrl("/metrics"))).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
