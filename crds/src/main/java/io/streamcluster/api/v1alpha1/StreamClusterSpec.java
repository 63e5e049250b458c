package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** What the cluster should look like: its image, its origin(s), its edges and how they scale. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.autoscaling.targetSubscribersPerEdge <= self.edge.maxSubscribers",
    message = "autoscaling.targetSubscribersPerEdge must not exceed edge.maxSubscribers",
    fieldPath = ".autoscaling.targetSubscribersPerEdge",
    reason = "FieldValueInvalid")
public class StreamClusterSpec {

  /** The longest fan-out interval a StreamCluster may ask for. */
  public static final int MAX_FAN_OUT_INTERVAL_MS = 1000;

  @JsonPropertyDescription(
      "Media-server image for the origin and edge pods; the operator's default when empty.")
  private String image;

  @Default("{}")
  @JsonPropertyDescription("The origin(s) that publishers push streams to.")
  private OriginSpec origin = new OriginSpec();

  @Default("{}")
  @JsonPropertyDescription("The edges that pull streams from the origins and serve subscribers.")
  private EdgeSpec edge = new EdgeSpec();

  @Default("{}")
  @JsonPropertyDescription("How the number of edges follows the number of subscribers.")
  private AutoscalingSpec autoscaling = new AutoscalingSpec();

  @JsonPropertyDescription(
      "TLS on every public port: RTMPS (1936) and HTTPS (5443) beside RTMP and HTTP on origins and"
          + " edges, and the cluster API over TLS, with the certificate of a kubernetes.io/tls"
          + " Secret.")
  private TlsSpec tls;

  @JsonPropertyDescription(
      "Who may publish: a Secret that signs publish tokens and/or a webhook the origins ask.")
  private PublishingSpec publishing;

  @JsonPropertyDescription(
      "Who may play: a Secret that signs play tokens and/or a webhook the origins and edges ask.")
  private PlaybackSpec playback;

  @Min(0)
  @Max(MAX_FAN_OUT_INTERVAL_MS)
  @JsonPropertyDescription(
      "How often, at most, origins and edges hand frames to their players, in one batch per"
          + " player: up to this much latency per server a frame passes, for fewer, larger writes"
          + " (less CPU per viewer). 20 is the low-latency profile, 0 sends each frame at once;"
          + " the media server's default (100, the cheapest) when unset. Changing it rolls the"
          + " pods, edges draining their players.")
  private Integer fanOutIntervalMs;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public OriginSpec getOrigin() {
    return origin;
  }

  public void setOrigin(OriginSpec origin) {
    this.origin = origin;
  }

  public EdgeSpec getEdge() {
    return edge;
  }

  public void setEdge(EdgeSpec edge) {
    this.edge = edge;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public PublishingSpec getPublishing() {
    return publishing;
  }

  public void setPublishing(PublishingSpec publishing) {
    this.publishing = publishing;
  }

  public PlaybackSpec getPlayback() {
    return playback;
  }

  public void setPlayback(PlaybackSpec playback) {
    this.playback = playback;
  }

  public Integer getFanOutIntervalMs() {
    return fanOutIntervalMs;
  }

  public void setFanOutIntervalMs(Integer fanOutIntervalMs) {
    this.fanOutIntervalMs = fanOutIntervalMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamClusterSpec that
        && Objects.equals(image, that.image)
        && Objects.equals(origin, that.origin)
        && Objects.equals(edge, that.edge)
        && Objects.equals(autoscaling, that.autoscaling)
        && Objects.equals(tls, that.tls)
        && Objects.equals(publishing, that.publishing)
        && Objects.equals(playback, that.playback)
        && Objects.equals(fanOutIntervalMs, that.fanOutIntervalMs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        image, origin, edge, autoscaling, tls, publishing, playback, fanOutIntervalMs);
  }
}
