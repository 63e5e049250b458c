package io.streamcluster.media.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge side of the check-in: every interval, a signed report to each origin. An origin's reply
 * may ask the edge to drain. Runs on its own thread, never on an event loop; a failing origin is
 * logged when it starts and stops failing, not on every attempt.
 */
public final class CheckInClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CheckInClient.class);

  private final List<String> origins;
  private final EdgeLoad edge;
  private final Optional<ClusterSecret> secret;
  private final Duration interval;
  private final Runnable onDrainRequested;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
  private final Map<String, Boolean> accepted = new ConcurrentHashMap<>();
  private final Set<String> reached = ConcurrentHashMap.newKeySet();

  /**
   * @param origins the origins' {@code host:httpPort}
   * @param onDrainRequested called (once or more) when an origin asks this edge to drain
   */
  public CheckInClient(
      List<String> origins,
      EdgeLoad edge,
      Optional<ClusterSecret> secret,
      Duration interval,
      Runnable onDrainRequested) {
    this.origins = List.copyOf(origins);
    this.edge = edge;
    this.secret = secret;
    this.interval = interval;
    this.onDrainRequested = onDrainRequested;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "check-in");
              thread.setDaemon(true);
              return thread;
            });
  }

  public void start() {
    timer.scheduleWithFixedDelay(
        this::checkInEverywhere, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether at least one origin accepted the last check-in. */
  public boolean acceptedAnywhere() {
    return accepted.containsValue(true);
  }

  /**
   * Whether any origin has accepted a check-in since this edge started: until then no origin hands
   * this edge out, so it does not report ready. Latched, so that an origin that goes away later
   * does not take every edge out of service with it. An edge given no origins has nobody to check
   * in with and counts as checked in.
   */
  public boolean hasCheckedIn() {
    return origins.isEmpty() || !reached.isEmpty();
  }

  /** Sends one check-in to every origin now (also used right before the edge exits). */
  public void checkInEverywhere() {
    byte[] body;
    CheckIn report = edge.snapshot();
    try {
      body = ClusterJson.MAPPER.writeValueAsBytes(report);
    } catch (Exception e) {
      log.error("Cannot encode the check-in", e);
      return;
    }
    String path = "/api/v1/edges/" + report.id() + "/checkin";
    for (String origin : origins) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://" + origin + path))
              .timeout(interval.multipliedBy(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      secret.ifPresent(s -> request.header("Authorization", s.sign("POST", path, body)));
      http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
          .whenComplete((response, failure) -> handle(origin, response, failure));
    }
  }

  private void handle(String origin, HttpResponse<String> response, Throwable failure) {
    if (failure != null) {
      problem(origin, "unreachable (" + failure.getClass().getSimpleName() + ")");
      return;
    }
    if (response.statusCode() == 401) {
      problem(origin, "refused the check-in: wrong cluster secret");
      return;
    }
    if (response.statusCode() != 200) {
      problem(origin, "answered " + response.statusCode() + ": " + response.body().strip());
      return;
    }
    CheckInReply reply;
    try {
      reply = ClusterJson.MAPPER.readValue(response.body(), CheckInReply.class);
    } catch (Exception e) {
      problem(origin, "sent an unreadable reply");
      return;
    }
    accepted.put(origin, true);
    boolean recovered = lastProblem.remove(origin) != null;
    if (reached.add(origin) || recovered) {
      log.info("Checked in with origin {}", origin);
    }
    if (reply.drain() && edge.state() != EdgeState.DRAINING) {
      log.info("Origin {} asked this edge to drain", origin);
      onDrainRequested.run();
    }
  }

  private void problem(String origin, String what) {
    accepted.put(origin, false);
    if (!what.equals(lastProblem.put(origin, what))) {
      log.warn("Check-in with origin {} failed: {}", origin, what);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
