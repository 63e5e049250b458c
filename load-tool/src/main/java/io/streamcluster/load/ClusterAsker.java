package io.streamcluster.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the origin's {@code GET /cluster} for each subscriber's edge, as a mobile client does before
 * it plays: a 200 names the edge ({@code host:rtmpPort}); a 503 is a refusal, after which the
 * subscriber comes back when the {@code Retry-After} says ({@link #DEFAULT_RETRY_AFTER} without
 * one). When the edge it was given refuses the play (full, draining, gone), the subscriber asks
 * again ({@link Viewer#edgeRefused}), up to {@link #MAX_EDGE_REFUSALS} times. A subscriber still
 * without an edge that plays after its patience gives up: finally refused. The origin may also hold
 * a request until an edge has room: that is a wait, not a refusal. Nothing blocks: requests go out
 * through the JDK's asynchronous client, retries through a timer. Thread-safe.
 */
final class ClusterAsker {

  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** A request the origin holds is answered within its hold (at most 60 s): wait longer. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(70);

  /** After a failed request (no answer, not a 503) or a refused play: come back soon. */
  static final Duration AFTER_ERROR = Duration.ofSeconds(1);

  /** Edges that may refuse one subscriber before it gives up, however patient it is. */
  static final int MAX_EDGE_REFUSALS = 10;

  /** An answer slower than this was held by the origin: the subscriber waited for it. */
  static final Duration HELD = Duration.ofSeconds(1);

  private final URI clusterUrl;
  private final Duration patience;
  private final ScheduledExecutorService timer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final ConcurrentLinkedQueue<Viewer> viewers = new ConcurrentLinkedQueue<>();
  private final AtomicLong refusedAnswers = new AtomicLong();
  private final AtomicLong edgeRefusals = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong longestRetryAfterSeconds = new AtomicLong();

  ClusterAsker(URI clusterUrl, Duration patience, ScheduledExecutorService timer) {
    this.clusterUrl = clusterUrl;
    this.patience = patience;
    this.timer = timer;
  }

  /** A new subscriber that will ask for its edge. */
  Viewer viewer() {
    Viewer viewer = new Viewer();
    viewers.add(viewer);
    return viewer;
  }

  /** The edge for a new subscriber, {@code host:port}; empty when it gave up. */
  CompletableFuture<Optional<String>> edge() {
    return viewer().edge();
  }

  /** One subscriber's asking, from its first request until it plays or gives up. */
  final class Viewer {
    private final long firstAsked = System.nanoTime();
    private volatile boolean refused;
    private volatile int refusedByEdges;
    private volatile boolean gaveUp;
    private volatile String edge;
    private volatile double waitMs = -1;
    private volatile boolean heldAnswer;

    /** Its first ask: the edge, {@code host:port}; empty when it gave up. */
    CompletableFuture<Optional<String>> edge() {
      CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
      ask(answer);
      return answer;
    }

    /**
     * The edge it was given refused the play: asks again (after {@link #AFTER_ERROR}), unless too
     * many edges refused it or its patience is over; empty when it gives up.
     */
    CompletableFuture<Optional<String>> edgeRefused() {
      edgeRefusals.incrementAndGet();
      refusedByEdges++;
      edge = null;
      CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
      if (refusedByEdges > MAX_EDGE_REFUSALS || !patientFor(AFTER_ERROR)) {
        giveUp(answer);
        return answer;
      }
      timer.schedule(() -> ask(answer), AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
      return answer;
    }

    private boolean patientFor(Duration wait) {
      return System.nanoTime() - firstAsked + wait.toNanos() <= patience.toNanos();
    }

    private void giveUp(CompletableFuture<Optional<String>> answer) {
      gaveUp = true;
      answer.complete(Optional.empty());
    }

    private void ask(CompletableFuture<Optional<String>> answer) {
      long sent = System.nanoTime();
      HttpRequest request =
          HttpRequest.newBuilder(clusterUrl).timeout(REQUEST_TIMEOUT).GET().build();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, failure) -> {
                long now = System.nanoTime();
                if (failure == null && response.statusCode() == 200) {
                  if (now - sent > HELD.toNanos()) {
                    heldAnswer = true;
                  }
                  waitMs = (now - firstAsked) / 1e6;
                  edge = response.body().strip();
                  answer.complete(Optional.of(edge));
                  return;
                }
                Duration wait;
                if (failure == null && response.statusCode() == 503) {
                  refusedAnswers.incrementAndGet();
                  refused = true;
                  wait = retryAfter(response);
                  longestRetryAfterSeconds.accumulateAndGet(wait.toSeconds(), Math::max);
                } else {
                  errors.incrementAndGet();
                  wait = AFTER_ERROR;
                }
                if (!patientFor(wait)) {
                  giveUp(answer);
                  return;
                }
                timer.schedule(() -> ask(answer), wait.toMillis(), TimeUnit.MILLISECONDS);
              });
    }

    /** Whether it got its edge only after a refusal, a held answer or an edge's refusal. */
    boolean waited() {
      return refused || heldAnswer || refusedByEdges > 0;
    }
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
    int asked = 0;
    int answered = 0;
    int waited = 0;
    int refusedSubscribers = 0;
    int refusedByEdges = 0;
    int gaveUp = 0;
    List<Viewer> snapshot = List.copyOf(viewers);
    double[] allWaits = new double[snapshot.size()];
    double[] longWaits = new double[snapshot.size()];
    int all = 0;
    int waits = 0;
    for (Viewer viewer : snapshot) {
      asked++;
      if (viewer.refused) {
        refusedSubscribers++;
      }
      if (viewer.refusedByEdges > 0) {
        refusedByEdges++;
      }
      if (viewer.gaveUp) {
        gaveUp++;
        continue;
      }
      String edge = viewer.edge;
      if (edge == null) {
        continue;
      }
      answered++;
      perEdge.merge(edge, 1, Integer::sum);
      allWaits[all++] = viewer.waitMs;
      if (viewer.waited()) {
        waited++;
        longWaits[waits++] = viewer.waitMs;
      }
    }
    return new LoadReport.ClusterAsks(
        clusterUrl.toString(),
        asked,
        answered,
        waited,
        refusedSubscribers,
        refusedAnswers.get(),
        refusedByEdges,
        edgeRefusals.get(),
        gaveUp,
        errors.get(),
        longestRetryAfterSeconds.get(),
        LoadReport.Percentiles.of(Arrays.copyOf(allWaits, all)),
        LoadReport.Percentiles.of(Arrays.copyOf(longWaits, waits)),
        perEdge);
  }
}
