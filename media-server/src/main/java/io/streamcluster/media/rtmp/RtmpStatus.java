package io.streamcluster.media.rtmp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The info objects of onStatus and _result replies, with the codes clients act on. */
final class RtmpStatus {

  static final String PUBLISH_START = "NetStream.Publish.Start";
  static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
  static final String PUBLISH_UNAUTHORIZED = "NetStream.Publish.Unauthorized";
  static final String UNPUBLISH_SUCCESS = "NetStream.Unpublish.Success";
  static final String PLAY_RESET = "NetStream.Play.Reset";
  static final String PLAY_START = "NetStream.Play.Start";
  static final String PLAY_STOP = "NetStream.Play.Stop";
  static final String PLAY_FAILED = "NetStream.Play.Failed";
  static final String PLAY_NOT_FOUND = "NetStream.Play.StreamNotFound";
  static final String CONNECT_SUCCESS = "NetConnection.Connect.Success";
  static final String CONNECT_REJECTED = "NetConnection.Connect.Rejected";

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
