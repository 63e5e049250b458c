package io.streamcluster.media.auth;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stream name as clients send it in publish and play: {@code name} or {@code name?query}. The
 * name is checked against a safe alphabet so it can appear in URLs, metrics and logs.
 *
 * @param name the stream name without its query
 * @param query the query parameters (first value of each)
 */
public record StreamKey(String name, Map<String, String> query) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");

  /** Parses what the client sent; throws IllegalArgumentException with a reason for bad names. */
  public static StreamKey parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("the stream name is empty");
    }
    int q = raw.indexOf('?');
    String name = q < 0 ? raw : raw.substring(0, q);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "stream names are 1-128 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      new QueryStringDecoder(raw.substring(q), false)
          .parameters()
          .forEach((key, values) -> query.put(key, values.isEmpty() ? "" : values.get(0)));
    }
    return new StreamKey(name, Map.copyOf(query));
  }
}
