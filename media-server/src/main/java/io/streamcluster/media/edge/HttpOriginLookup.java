package io.streamcluster.media.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the origins that hold a stream by asking each one {@code GET /api/v1/streams/<name>}: an
 * origin with a publisher for it answers 200 with {@code {"name":..., "live":true,
 * "rtmpPort":1935}}, any other answer (404, an error, no answer in time) counts as not there. All
 * origins are asked at once, asynchronously; the result keeps the configured order.
 */
final class HttpOriginLookup implements OriginLocator {

  private static final Logger log = LoggerFactory.getLogger(HttpOriginLookup.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PATH = "/api/v1/streams/";

  private final List<OriginAddress> httpOrigins;
  private final HttpClient client;
  private final Duration timeout;

  HttpOriginLookup(List<OriginAddress> httpOrigins, HttpClient client, Duration timeout) {
    if (httpOrigins.isEmpty()) {
      throw new IllegalArgumentException("no origins to look streams up on");
    }
    this.httpOrigins = List.copyOf(httpOrigins);
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<List<OriginAddress>> locate(String stream) {
    List<CompletableFuture<Optional<OriginAddress>>> answers = new ArrayList<>();
    for (OriginAddress origin : httpOrigins) {
      answers.add(ask(origin, stream));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                answers.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }

  @Override
  public String describe() {
    return "stream lookup on origins " + httpOrigins;
  }

  private CompletableFuture<Optional<OriginAddress>> ask(OriginAddress origin, String stream) {
    URI uri =
        URI.create(
            "http://"
                + origin
                + PATH
                + URLEncoder.encode(stream, StandardCharsets.UTF_8).replace("+", "%20"));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                log.debug(
                    "Origin {} did not answer for '{}': {}", origin, stream, failure.toString());
                return Optional.empty();
              }
              return holder(origin, stream, response);
            });
  }

  private static Optional<OriginAddress> holder(
      OriginAddress origin, String stream, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (!body.path("live").asBoolean(false)
          || !stream.equals(body.path("name").asText(stream))
          || !body.path("rtmpPort").canConvertToInt()) {
        return Optional.empty();
      }
      return Optional.of(new OriginAddress(origin.host(), body.path("rtmpPort").asInt()));
    } catch (Exception e) {
      log.debug(
          "Origin {} answered for '{}' with an unreadable body: {}", origin, stream, e.toString());
      return Optional.empty();
    }
  }
}
