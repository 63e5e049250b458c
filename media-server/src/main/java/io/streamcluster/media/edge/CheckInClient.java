package io.streamcluster.media.edge;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.CheckInReply;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterApiException;
import io.streamcluster.media.clusterapi.EdgeState;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge side of the check-in: every interval, a signed report to each origin. An origin's reply
 * may ask the edge to drain. Runs on its own thread, never on an event loop; a failing origin is
 * logged when it starts and stops failing, not on every attempt.
 *
 * <p>One periodic check-in at a time per origin: while an origin has not answered the last (a busy
 * node, a starting JVM), the next waits for the following interval. Check-ins that overlap may
 * arrive out of order, and an origin that reads an older count after a newer one counts fewer
 * players on the edge than it has and hands it out beyond its capacity.
 */
public final class CheckInClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CheckInClient.class);

  private final Map<String, URI> origins = new LinkedHashMap<>();
  private final EdgeLoad edge;
  private final ClusterApiClient api;
  private final Duration interval;
  private final Runnable onDrainRequested;
  private final ScheduledExecutorService timer;
  private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
  private final Set<String> reached = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param origins the origins' {@code host:internalPort}
   * @param api signed with the cluster secret, if there is one, and over TLS when the origins speak
   *     it
   * @param onDrainRequested called (once or more) when an origin asks this edge to drain
   */
  public CheckInClient(
      List<String> origins,
      EdgeLoad edge,
      ClusterApiClient api,
      Duration interval,
      Runnable onDrainRequested) {
    origins.forEach(origin -> this.origins.put(origin, api.originAt(origin)));
    this.edge = edge;
    this.api = api;
    this.interval = interval;
    this.onDrainRequested = onDrainRequested;
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
        this::checkInWhereAnswered, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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

  /**
   * Sends one check-in to every origin now (also used right before the edge exits); none while the
   * edge has no address to hand out.
   */
  public void checkInEverywhere() {
    if (!edge.advertisable()) {
      return;
    }
    CheckIn report = edge.snapshot();
    origins.forEach((origin, uri) -> send(origin, uri, report));
  }

  /** The periodic check-in: to each origin that has answered the last one (or given up on it). */
  private void checkInWhereAnswered() {
    if (!edge.advertisable()) {
      return;
    }
    CheckIn report = edge.snapshot();
    origins.forEach(
        (origin, uri) -> {
          CompletableFuture<?> last = inFlight.get(origin);
          if (last == null || last.isDone()) {
            send(origin, uri, report);
          }
        });
  }

  /**
   * Sends the report once the origin has answered the check-in before it (or given up on it): an
   * origin reads an edge's check-ins one at a time, in the order they were taken, so the draining
   * notice is never overtaken by an older "ready" that was still on its way.
   */
  private void send(String origin, URI uri, CheckIn report) {
    inFlight.compute(
        origin,
        (o, last) ->
            (last == null ? CompletableFuture.completedFuture(null) : last.handle((r, f) -> null))
                .thenCompose(previousDone -> api.checkIn(uri, report))
                .whenComplete((reply, failure) -> handle(origin, reply, failure)));
  }

  private void handle(String origin, CheckInReply reply, Throwable failure) {
    if (failure != null) {
      problem(origin, describe(ClusterApiClient.cause(failure)));
      return;
    }
    boolean recovered = lastProblem.remove(origin) != null;
    if (reached.add(origin) || recovered) {
      log.info("Checked in with origin {}", origin);
    }
    if (reply.drain() && edge.state() != EdgeState.DRAINING) {
      log.info("Origin {} asked this edge to drain", origin);
      onDrainRequested.run();
    }
  }

  private static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return "its TLS certificate does not verify (" + rootMessage(cause) + ")";
      }
    }
    if (!(failure instanceof ClusterApiException answer)) {
      return "unreachable (" + failure.getClass().getSimpleName() + ")";
    }
    if (answer.unreadableBody()) {
      return "sent an unreadable reply";
    }
    if (answer.unsignedReply()) {
      return "sent a reply without its signature for this check-in (another cluster secret?)";
    }
    if (answer.status() == 401) {
      return "refused the check-in: wrong cluster secret";
    }
    return "answered " + answer.status() + ": " + answer.body().strip();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private void problem(String origin, String what) {
    if (!what.equals(lastProblem.put(origin, what))) {
      log.warn("Check-in with origin {} failed: {}", origin, what);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
