package io.streamcluster.media.rtmp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The info objects of onStatus and _result replies, and the status codes both sides act on. */
public final class RtmpStatus {

  public static final String PUBLISH_START = "NetStream.Publish.Start";
  public static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
  public static final String PUBLISH_UNAUTHORIZED = "NetStream.Publish.Unauthorized";
  public static final String UNPUBLISH_SUCCESS = "NetStream.Unpublish.Success";
  public static final String PLAY_RESET = "NetStream.Play.Reset";
  public static final String PLAY_START = "NetStream.Play.Start";
  public static final String PLAY_STOP = "NetStream.Play.Stop";
  public static final String PLAY_FAILED = "NetStream.Play.Failed";
  public static final String PLAY_NOT_FOUND = "NetStream.Play.StreamNotFound";
  public static final String PLAY_UNPUBLISH = "NetStream.Play.UnpublishNotify";
  public static final String CONNECT_SUCCESS = "NetConnection.Connect.Success";
  public static final String CONNECT_REJECTED = "NetConnection.Connect.Rejected";

  /**
   * A StreamCluster property of NetStream.Play.Start: the wall-clock time (epoch milliseconds) of
   * the stream's timestamp 0 at the server that took the publisher, so that an edge's HLS program
   * date times count from the publisher's side rather than from the edge's arrival. Other players
   * ignore it.
   */
  public static final String STREAM_CLOCK = "streamClock";

  private RtmpStatus() {}

  static Map<String, Object> status(String code, String description) {
    return info("status", code, description);
  }

  static Map<String, Object> error(String code, String description) {
    return info("error", code, description);
  }

  private static Map<String, Object> info(String level, String code, String description) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", level);
    info.put("code", code);
    info.put("description", description);
    return info;
  }

  static Map<String, Object> serverProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("fmsVer", "FMS/3,5,7,7009");
    properties.put("capabilities", 31.0);
    properties.put("mode", 1.0);
    return properties;
  }
}
