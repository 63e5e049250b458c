package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Browser;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web player in a real browser (Chromium through chromedriver): the page of an edge plays the
 * stream in LL-HLS through hls.js, and its latency from the publisher's clock is recorded; the same
 * page through the origin's URL ends up on the edge. The screenshot of the playing page goes to
 * docs/web-player.png; the latency to target/web-player-latency.txt.
 */
class WebPlayerIT {

  private static final Path SCREENSHOT = Path.of("../docs/web-player.png");
  private static final Path LATENCY_REPORT = Path.of("target/web-player-latency.txt");

  private static ClusterFixture cluster;
  private static MediaServerProcess origin;
  private static MediaServerProcess edge;
  private static Ffmpeg.Running publisher;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ClusterFixture();
    origin = cluster.origin();
    edge = cluster.edge("web-edge", origin);
    publisher = Ffmpeg.publish(origin.rtmpUrl("launch"), 1024, 768);
    await("the edge is in the rotation")
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.get(origin, "/cluster").statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    cluster.close();
  }

  @Test
  void theEdgesPagePlaysLowLatencyHlsForTenSecondsWithoutAnError() throws Exception {
    try (Browser browser = Browser.start()) {
      browser.open(edge.httpUrl("/play/launch"));
      await("playback starts")
          .atMost(Duration.ofSeconds(30))
          .until(() -> number(browser, "window.streamclusterPlayer.currentTime") > 0.5);
      assertThat(browser.eval("window.streamclusterPlayer.engine").toString()).startsWith("hls.js");
      double start = number(browser, "window.streamclusterPlayer.currentTime");
      List<Double> latencies = new ArrayList<>();
      List<Double> edgeLatencies = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (number(browser, "window.streamclusterPlayer.currentTime") - start < 10) {
        assertThat(System.nanoTime()).as("10 s of playback within 40 s").isLessThan(deadline);
        assertThat(browser.eval("window.streamclusterPlayer.errors").toString()).isEqualTo("[]");
        Object latency = browser.eval("window.streamclusterPlayer.latencyMs");
        if (latency instanceof Number ms) {
          latencies.add(ms.doubleValue());
        }
        Object behindEdge = browser.eval("window.streamclusterPlayer.edgeLatencyMs");
        if (behindEdge instanceof Number ms) {
          edgeLatencies.add(ms.doubleValue());
        }
        Thread.sleep(500);
      }
      assertThat(browser.eval("document.getElementById('video').error")).isNull();
      assertThat(browser.eval("window.streamclusterPlayer.state")).isEqualTo("playing");
      browser.screenshot(SCREENSHOT);
      assertThat(latencies).as("latency measured from program date times").isNotEmpty();
      record(latencies, edgeLatencies, number(browser, "window.streamclusterPlayer.stalls"));
    }
  }

  @Test
  void theOriginsPageUrlEndsUpOnTheEdgeAndPlays() throws Exception {
    try (Browser browser = Browser.start()) {
      browser.open(origin.httpUrl("/play/launch"));
      assertThat(browser.currentUrl())
          .startsWith("http://127.0.0.1:" + edge.httpPort + "/play/launch");
      await("playback through the origin's URL")
          .atMost(Duration.ofSeconds(30))
          .until(() -> number(browser, "window.streamclusterPlayer.currentTime") > 2);
      assertThat(browser.eval("window.streamclusterPlayer.errors").toString()).isEqualTo("[]");
    }
  }

  private static double number(Browser browser, String expression) {
    Object value = browser.eval(expression);
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  /**
   * Writes the latency's percentiles over the samples of the ten seconds played: from the
   * publisher's clock (program date time) to the playback position, and the part of it hls.js
   * spends behind the playlist's live edge (the rest is the server's: packaging and the hops).
   */
  private static void record(List<Double> latencies, List<Double> behindEdge, double stalls)
      throws Exception {
    List<Double> sorted = latencies.stream().sorted().toList();
    List<Double> edge = behindEdge.stream().sorted().toList();
    String report =
        String.format(
            Locale.ROOT,
            "LL-HLS in Chromium (hls.js) through origin and edge, publisher clock to playback"
                + " position: p50 %.0f ms, p90 %.0f ms, max %.0f ms over %d samples;"
                + " behind the playlist's live edge: p50 %.0f ms; stalls %.0f; load average %s%n",
            percentile(sorted, 0.5),
            percentile(sorted, 0.9),
            sorted.get(sorted.size() - 1),
            sorted.size(),
            edge.isEmpty() ? Double.NaN : percentile(edge, 0.5),
            stalls,
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    Files.createDirectories(LATENCY_REPORT.getParent());
    Files.writeString(LATENCY_REPORT, report);
    System.out.print(report);
  }

  private static double percentile(List<Double> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }
}
