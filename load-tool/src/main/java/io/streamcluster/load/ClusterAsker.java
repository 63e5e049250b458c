package io.streamcluster.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the origin's {@code GET /cluster} for each subscriber's edge, as a mobile client does before
 * it plays: a 200 names the edge ({@code host:rtmpPort}); a 503 is a refusal, after which the
 * subscriber comes back when the {@code Retry-After} says ({@link #DEFAULT_RETRY_AFTER} without
 * one); a subscriber still without an edge after its patience gives up. The origin may also hold a
 * request until an edge has room: that is a wait, not a refusal. Nothing blocks: requests go out
 * through the JDK's asynchronous client, retries through a timer. Thread-safe.
 */
final class ClusterAsker {

  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** A request the origin holds is answered within its hold (at most 60 s): wait longer. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(70);

  /** After a failed request (no answer, not a 503): come back soon. */
  static final Duration AFTER_ERROR = Duration.ofSeconds(1);

  private final URI clusterUrl;
  private final Duration patience;
  private final ScheduledExecutorService timer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger waited = new AtomicInteger();
  private final AtomicInteger refusedSubscribers = new AtomicInteger();
  private final AtomicLong refusedAnswers = new AtomicLong();
  private final AtomicInteger gaveUp = new AtomicInteger();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong longestRetryAfterSeconds = new AtomicLong();
  private final ConcurrentLinkedQueue<Double> waitMs = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> edges = new ConcurrentHashMap<>();

  ClusterAsker(URI clusterUrl, Duration patience, ScheduledExecutorService timer) {
    this.clusterUrl = clusterUrl;
    this.patience = patience;
    this.timer = timer;
  }

  /** The edge for one subscriber, {@code host:port}; empty when it gave up. */
  CompletableFuture<Optional<String>> edge() {
    asked.incrementAndGet();
    CompletableFuture<Optional<String>> edge = new CompletableFuture<>();
    ask(System.nanoTime(), false, edge);
    return edge;
  }

  private void ask(long firstAsked, boolean refused, CompletableFuture<Optional<String>> edge) {
    HttpRequest request = HttpRequest.newBuilder(clusterUrl).timeout(REQUEST_TIMEOUT).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              if (failure == null && response.statusCode() == 200) {
                String address = response.body().strip();
                double ms = (System.nanoTime() - firstAsked) / 1e6;
                answered.incrementAndGet();
                // a held answer, or one after refusals: the viewer waited for it
                if (refused || ms > 1_000) {
                  waited.incrementAndGet();
                }
                waitMs.add(ms);
                edges.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                edge.complete(Optional.of(address));
                return;
              }
              Duration wait;
              boolean refusal = failure == null && response.statusCode() == 503;
              if (refusal) {
                refusedAnswers.incrementAndGet();
                if (!refused) {
                  refusedSubscribers.incrementAndGet();
                }
                wait = retryAfter(response);
                longestRetryAfterSeconds.accumulateAndGet(wait.toSeconds(), Math::max);
              } else {
                errors.incrementAndGet();
                wait = AFTER_ERROR;
              }
              long waitedNanos = System.nanoTime() - firstAsked + wait.toNanos();
              if (waitedNanos > patience.toNanos()) {
                gaveUp.incrementAndGet();
                edge.complete(Optional.empty());
                return;
              }
              boolean refusedNow = refused || refusal;
              timer.schedule(
                  () -> ask(firstAsked, refusedNow, edge), wait.toMillis(), TimeUnit.MILLISECONDS);
            });
  }

  /** The answer's Retry-After in seconds (the form the origin sends), else the default. */
  static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .orElse(DEFAULT_RETRY_AFTER);
  }

  /** What the subscribers met at {@code /cluster}, for the report. */
  LoadReport.ClusterAsks report() {
    Map<String, Integer> perEdge = new TreeMap<>();
    edges.forEach((address, count) -> perEdge.put(address, count.get()));
    return new LoadReport.ClusterAsks(
        clusterUrl.toString(),
        asked.get(),
        answered.get(),
        waited.get(),
        refusedSubscribers.get(),
        refusedAnswers.get(),
        gaveUp.get(),
        errors.get(),
        longestRetryAfterSeconds.get(),
        LoadReport.Percentiles.of(waitMs.stream().mapToDouble(Double::doubleValue).toArray()),
        perEdge);
  }
}
