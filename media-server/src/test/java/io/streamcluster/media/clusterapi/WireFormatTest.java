package io.streamcluster.media.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster API's JSON, field by field and in order, as docs/architecture.md shows it and as the
 * operator, the e2e tests and other origins read it; and every record reads back as written.
 */
class WireFormatTest {

  private static final EdgeView EDGE =
      new EdgeView(
          "live-edge-7d9f-abcde",
          "10.244.0.13",
          1935,
          5080,
          EdgeState.READY,
          1412,
          2000,
          Map.of("cam", 1412),
          81234567890L,
          Instant.parse("2026-11-26T17:00:02.120Z"),
          Instant.parse("2026-11-26T16:58:40.004Z"));

  @Test
  void theClusterViewListsOriginPeersStreamsAndEdges() throws Exception {
    ClusterView view =
        new ClusterView(
            new ClusterView.OriginView(1935),
            List.of(),
            List.of(new ClusterView.StreamView("cam", true, 2)),
            List.of(EDGE),
            1,
            1412,
            6,
            90,
            12);

    assertRoundTrip(
        view,
        "{\"origin\":{\"rtmpPort\":1935},\"peers\":[],"
            + "\"streams\":[{\"name\":\"cam\",\"live\":true,\"originSubscribers\":2}],"
            + "\"edges\":[{\"id\":\"live-edge-7d9f-abcde\",\"host\":\"10.244.0.13\","
            + "\"rtmpPort\":1935,\"httpPort\":5080,\"state\":\"ready\",\"subscribers\":1412,"
            + "\"capacity\":2000,\"streams\":{\"cam\":1412},\"bytesOut\":81234567890,"
            + "\"lastCheckIn\":\"2026-11-26T17:00:02.120Z\","
            + "\"firstCheckIn\":\"2026-11-26T16:58:40.004Z\"}],"
            + "\"edgesReady\":1,\"subscribers\":1412,\"edgeTtlSeconds\":6,"
            + "\"refusals\":90,\"waitingViewers\":12}");
  }

  @Test
  void theRotationAdviceSaysTargetOverflowHoldAndTheEdgesOnTheirWay() throws Exception {
    assertRoundTrip(
        new RotationAdvice(1500, true, 8, 3, Instant.parse("2026-11-26T17:00:12Z"), 5),
        "{\"targetSubscribersPerEdge\":1500,\"overflowToCapacity\":true,\"holdSeconds\":8,"
            + "\"pendingEdges\":3,\"firstEdgeExpected\":\"2026-11-26T17:00:12Z\","
            + "\"edgesBelowMax\":5}");
  }

  @Test
  void anOlderLoopsAdviceReadsAsAtTheMaximum() throws Exception {
    RotationAdvice advice =
        ClusterJson.MAPPER.readValue(
            "{\"targetSubscribersPerEdge\":60,\"overflowToCapacity\":true,\"holdSeconds\":8,"
                + "\"pendingEdges\":0}",
            RotationAdvice.class);

    assertThat(advice.edgesBelowMax()).isZero();
  }

  @Test
  void anOlderOriginsClusterViewReadsWithoutTheRotationFigures() throws Exception {
    ClusterView view =
        ClusterJson.MAPPER.readValue(
            "{\"origin\":{\"rtmpPort\":1935},\"edges\":[],\"edgesReady\":0,"
                + "\"subscribers\":0,\"edgeTtlSeconds\":6}",
            ClusterView.class);

    assertThat(view.refusals()).isZero();
    assertThat(view.waitingViewers()).isZero();
  }

  @Test
  void theNextEdgeCarriesPlayUrlsOnlyWhenAStreamWasNamed() throws Exception {
    assertRoundTrip(
        NextEdge.to(EDGE, "cam"),
        "{\"id\":\"live-edge-7d9f-abcde\",\"host\":\"10.244.0.13\",\"rtmpPort\":1935,"
            + "\"httpPort\":5080,\"address\":\"10.244.0.13:1935\","
            + "\"rtmpUrl\":\"rtmp://10.244.0.13:1935/live/cam\","
            + "\"flvUrl\":\"http://10.244.0.13:5080/live/cam.flv\","
            + "\"hlsUrl\":\"http://10.244.0.13:5080/live/cam/index.m3u8\","
            + "\"playerUrl\":\"http://10.244.0.13:5080/play/cam\"}");
    assertRoundTrip(
        NextEdge.to(EDGE, null),
        "{\"id\":\"live-edge-7d9f-abcde\",\"host\":\"10.244.0.13\",\"rtmpPort\":1935,"
            + "\"httpPort\":5080,\"address\":\"10.244.0.13:1935\"}");
  }

  @Test
  void aCheckInAndItsReply() throws Exception {
    assertRoundTrip(
        new CheckIn(
            "edge-1", "10.0.0.1", 1935, 5080, EdgeState.DRAINING, 3, 2000, Map.of("cam", 3), 42),
        "{\"id\":\"edge-1\",\"host\":\"10.0.0.1\",\"rtmpPort\":1935,\"httpPort\":5080,"
            + "\"state\":\"draining\",\"subscribers\":3,\"capacity\":2000,"
            + "\"streams\":{\"cam\":3},\"bytesOut\":42}");
    assertRoundTrip(new CheckInReply(false, 6), "{\"drain\":false,\"ttlSeconds\":6}");
  }

  @Test
  void aStreamLookupADrainAndAnError() throws Exception {
    assertRoundTrip(
        StreamLocation.live("cam", 1935), "{\"name\":\"cam\",\"live\":true,\"rtmpPort\":1935}");
    assertRoundTrip(
        new DrainReply("edge-1", EdgeState.DRAINING), "{\"id\":\"edge-1\",\"state\":\"draining\"}");
    assertRoundTrip(
        new ApiError("no edge 'x' has checked in"), "{\"error\":\"no edge 'x' has checked in\"}");
  }

  @Test
  void namesInPathsArePercentEncodedAndReadBackDecoded() {
    assertThat(ClusterApiPaths.checkIn("edge-1")).isEqualTo("/api/v1/edges/edge-1/checkin");
    assertThat(ClusterApiPaths.drain("::1-1936")).isEqualTo("/api/v1/edges/%3A%3A1-1936/drain");
    assertThat(ClusterApiPaths.stream("my cam")).isEqualTo("/api/v1/streams/my%20cam");
    assertThat(ClusterApiPaths.edgeId("/api/v1/edges/::1-1936/drain", ClusterApiPaths.DRAIN))
        .isEqualTo("::1-1936");
    assertThat(ClusterApiPaths.streamName("/api/v1/streams/my cam")).isEqualTo("my cam");
  }

  private static void assertRoundTrip(Object record, String json) throws Exception {
    assertThat(ClusterJson.MAPPER.writeValueAsString(record)).isEqualTo(json);
    assertThat(ClusterJson.MAPPER.readValue(json, record.getClass())).isEqualTo(record);
  }
}
