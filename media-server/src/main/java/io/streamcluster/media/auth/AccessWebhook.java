package io.streamcluster.media.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an HTTP endpoint whether a publisher or player may go ahead, as nginx-rtmp's {@code
 * on_publish} and SRS's HTTP hooks do: {@code POST} of an {@link AccessRequest} as JSON; any 2xx
 * allows (a JSON body may name the client's {@code "subject"}), anything else refuses with the
 * reason the body gives (a JSON {@code "reason"}, or its text), and no answer within the timeout
 * refuses. Decisions are cached briefly per request, so that a client that reconnects at once (or a
 * flood of them) does not ask again. Asynchronous: nothing waits on an event loop.
 */
public final class AccessWebhook {

  private static final Logger log = LoggerFactory.getLogger(AccessWebhook.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CACHED = 10_000;
  private static final int MAX_REASON_LENGTH = 200;

  private final URI url;
  private final Duration timeout;
  private final long cacheNanos;
  private final HttpClient client;
  private final Map<AccessRequest, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param cacheTime how long a decision is reused for the same request (0: not at all)
   */
  public AccessWebhook(URI url, Duration timeout, Duration cacheTime) {
    this.url = url;
    this.timeout = timeout;
    this.cacheNanos = cacheTime.toNanos();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The webhook's decision; never completes exceptionally. */
  public CompletableFuture<AccessDecision> ask(AccessRequest request) {
    long now = System.nanoTime();
    Cached cached = cache.get(request);
    if (cached != null && now - cached.atNanos < cacheNanos) {
      return CompletableFuture.completedFuture(cached.decision);
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (Exception e) {
      return CompletableFuture.completedFuture(
          AccessDecision.refuse("webhook_unavailable", "the request could not be encoded"));
    }
    HttpRequest post =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client
        .sendAsync(post, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                log.warn(
                    "The {} webhook did not answer for '{}': {}",
                    request.action(),
                    request.stream(),
                    failure.toString());
                return AccessDecision.refuse(
                    "webhook_unavailable", "the " + request.action() + " webhook did not answer");
              }
              AccessDecision decision = decide(request, response.statusCode(), response.body());
              remember(request, decision);
              return decision;
            });
  }

  private static AccessDecision decide(AccessRequest request, int status, String body) {
    JsonNode json = parse(body);
    if (status >= 200 && status < 300) {
      String subject = json == null ? null : text(json.get("subject"));
      return AccessDecision.allow(
          subject != null
              ? "subject:" + subject
              : request.subject() != null ? "subject:" + request.subject() : "webhook");
    }
    String reason = json != null ? text(json.get("reason")) : body;
    return AccessDecision.refuse(
        "webhook_refused",
        "refused by the " + request.action() + " webhook (" + status + ")" + printable(reason));
  }

  private void remember(AccessRequest request, AccessDecision decision) {
    if (cacheNanos <= 0) {
      return;
    }
    if (cache.size() >= MAX_CACHED) {
      long now = System.nanoTime();
      cache.values().removeIf(c -> now - c.atNanos >= cacheNanos);
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(request, new Cached(decision, System.nanoTime()));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /** The reason as the client and the log may see it: printable ASCII, short. */
  private static String printable(String reason) {
    if (reason == null || reason.isBlank()) {
      return "";
    }
    StringBuilder clean = new StringBuilder(": ");
    for (int i = 0; i < reason.length() && clean.length() < MAX_REASON_LENGTH; i++) {
      char c = reason.charAt(i);
      clean.append(c >= 0x20 && c < 0x7F ? c : ' ');
    }
    return clean.toString().stripTrailing();
  }

  private record Cached(AccessDecision decision, long atNanos) {}

  @Override
  public String toString() {
    return "webhook " + url;
  }
}
