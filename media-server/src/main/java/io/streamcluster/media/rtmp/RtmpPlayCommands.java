package io.streamcluster.media.rtmp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a player sends to start playing a stream (connect, createStream, play: RTMP specification,
 * section 7.2) and the status code it reads in the answers, for every RTMP player this project
 * runs: an edge pulling from its origin, the load tool's players.
 */
public final class RtmpPlayCommands {

  public static final double CONNECT_TRANSACTION = 1;
  public static final double CREATE_STREAM_TRANSACTION = 2;

  /** The chunk stream for commands on the connection (message stream 0). */
  public static final int COMMAND_CHUNK_STREAM = 3;

  /** The chunk stream for commands on the play stream. */
  public static final int PLAY_CHUNK_STREAM = 8;

  private RtmpPlayCommands() {}

  /** {@code connect} to an application, with the properties a Flash player sends. */
  public static RtmpCommand connect(String app, String tcUrl) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", app);
    properties.put("flashVer", "LNX 9,0,124,2");
    properties.put("tcUrl", tcUrl);
    properties.put("fpad", false);
    properties.put("capabilities", 15.0);
    properties.put("audioCodecs", 4071.0);
    properties.put("videoCodecs", 252.0);
    properties.put("videoFunction", 1.0);
    properties.put("objectEncoding", 0.0);
    return RtmpCommand.of("connect", CONNECT_TRANSACTION, properties);
  }

  public static RtmpCommand createStream() {
    return RtmpCommand.of("createStream", CREATE_STREAM_TRANSACTION, null);
  }

  /**
   * {@code play} a stream. A {@code start} of -1000 asks for the live stream only; -2000 for the
   * live stream, or a recording of that name if there is no live one.
   */
  public static RtmpCommand play(String stream, double start) {
    return RtmpCommand.of("play", 0, null, stream, start);
  }

  /** The chunk stream a command on {@code messageStreamId} goes on. */
  public static int chunkStream(int messageStreamId) {
    return messageStreamId == 0 ? COMMAND_CHUNK_STREAM : PLAY_CHUNK_STREAM;
  }

  /** A number in the info object a status carries, or NaN. */
  public static double statusNumber(RtmpCommand command, String name) {
    for (Object value : command.arguments()) {
      if (value instanceof Map<?, ?> info && info.get(name) instanceof Number number) {
        return number.doubleValue();
      }
    }
    return Double.NaN;
  }

  /** The {@code code} of the info object a status or result carries, or "". */
  public static String statusCode(RtmpCommand command) {
    for (Object value : command.arguments()) {
      if (value instanceof Map<?, ?> info && info.get("code") instanceof String code) {
        return code;
      }
    }
    return "";
  }
}
