package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one client of the cluster API: edges check in and look streams up with it, origins ask their
 * peers with it, the operator reads the cluster view and drains edges with it.
 *
 * <p>One policy for every call: a single timeout covers connecting and being answered; names in
 * paths are percent-encoded; the calls the origin authenticates are signed with the cluster secret
 * when the client has one, and then the origin's reply must be signed too, for that very request;
 * and every answer is checked (signature, status, then body as the contract's record) before it is
 * handed back. Over TLS ({@link OriginTls}) the origin's certificate is verified. A status or body
 * outside the contract fails the call with a {@link ClusterApiException}, an origin that cannot be
 * reached with the {@link IOException} saying why.
 *
 * <p>Calls on one origin are asynchronous and never block the caller (edges call from event loops
 * and timers); the calls on several origins wait for the answers, for callers on their own threads.
 * Thread-safe.
 */
public final class ClusterApiClient {

  private static final Logger log = LoggerFactory.getLogger(ClusterApiClient.class);
  private static final byte[] NO_BODY = new byte[0];

  private final HttpClient http;
  private final String scheme;
  private final Duration timeout;
  private final Optional<ClusterSecret> secret;

  /**
   * An unsigned client over plain HTTP.
   *
   * @param timeout how long each call may take to connect, and again to be answered
   */
  public ClusterApiClient(Duration timeout) {
    this(timeout, Optional.empty());
  }

  /**
   * An unsigned client, over TLS when {@code tls} is present.
   *
   * @param timeout how long each call may take to connect, and again to be answered
   * @throws java.io.UncheckedIOException when the TLS settings' CA file cannot be read
   */
  public ClusterApiClient(Duration timeout, Optional<OriginTls> tls) {
    this(httpClient(timeout, tls), tls.isPresent() ? "https" : "http", timeout, Optional.empty());
  }

  private ClusterApiClient(
      HttpClient http, String scheme, Duration timeout, Optional<ClusterSecret> secret) {
    this.http = http;
    this.scheme = scheme;
    this.timeout = timeout;
    this.secret = secret;
  }

  private static HttpClient httpClient(Duration timeout, Optional<OriginTls> tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    tls.ifPresent(t -> builder.sslContext(t.sslContext()).sslParameters(t.sslParameters()));
    return builder.build();
  }

  /** This client, sharing its connections, signing with {@code secret} (unsigned when empty). */
  public ClusterApiClient signedWith(Optional<ClusterSecret> newSecret) {
    return new ClusterApiClient(http, scheme, timeout, newSecret);
  }

  /** This client, sharing its connections and signing, with another timeout per call. */
  public ClusterApiClient withTimeout(Duration newTimeout) {
    return new ClusterApiClient(http, scheme, newTimeout, secret);
  }

  /** Whether this client calls origins over TLS. */
  public boolean overTls() {
    return scheme.equals("https");
  }

  /** The base URI, over this client's HTTP or HTTPS, of an origin given as {@code host:port}. */
  public URI originAt(String hostPort) {
    return URI.create(scheme + "://" + hostPort);
  }

  /** This client, sharing its connections, signing with {@code secret}. */
  public ClusterApiClient signedWith(ClusterSecret newSecret) {
    return signedWith(Optional.of(newSecret));
  }

  /** The plain-HTTP base URI of an origin given as {@code host:port}. */
  public static URI origin(String hostPort) {
    return URI.create("http://" + hostPort);
  }

  /** {@code POST /api/v1/edges/{id}/checkin}, signed: an edge's report; 200 and the reply. */
  public CompletableFuture<CheckInReply> checkIn(URI origin, CheckIn checkIn) {
    byte[] body;
    try {
      body = ClusterJson.MAPPER.writeValueAsBytes(checkIn);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call(origin, "POST", ClusterApiPaths.checkIn(checkIn.id()), body, true)
        .thenApply(answer -> answer.read(CheckInReply.class));
  }

  /**
   * {@code GET /api/v1/streams/{name}}, signed: where on this origin {@code stream} is live; empty
   * when the origin answers 404 or says the stream is not live.
   */
  public CompletableFuture<Optional<StreamLocation>> lookupStream(URI origin, String stream) {
    return call(origin, "GET", ClusterApiPaths.stream(stream), null, true)
        .thenApply(
            answer -> {
              if (answer.status() == 404) {
                return Optional.empty();
              }
              StreamLocation location = answer.read(StreamLocation.class);
              boolean here =
                  location.live() && (location.name() == null || location.name().equals(stream));
              if (!here) {
                return Optional.empty();
              }
              if (location.rtmpPort() < 1 || location.rtmpPort() > 65_535) {
                throw answer.unreadable(new IllegalArgumentException("no valid rtmpPort"));
              }
              return Optional.of(location);
            });
  }

  /**
   * Asks every one of {@code origins} at once where {@code stream} is live: those on which it is,
   * in the order given, with their answers. An origin that cannot be asked, or answers outside the
   * contract, counts as not having it. Never completes exceptionally.
   */
  public CompletableFuture<Map<URI, StreamLocation>> lookupStream(
      List<URI> origins, String stream) {
    List<CompletableFuture<Optional<StreamLocation>>> answers = new ArrayList<>();
    for (URI origin : origins) {
      answers.add(
          lookupStream(origin, stream)
              .exceptionally(
                  failure -> {
                    log.debug(
                        "Origin {} did not say where '{}' is live: {}",
                        origin,
                        stream,
                        cause(failure).toString());
                    return Optional.empty();
                  }));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<URI, StreamLocation> live = new LinkedHashMap<>();
              for (int i = 0; i < origins.size(); i++) {
                URI origin = origins.get(i);
                answers.get(i).join().ifPresent(location -> live.put(origin, location));
              }
              return live;
            });
  }

  /** {@code GET /api/v1/cluster}, signed: what this origin knows of the cluster. */
  public CompletableFuture<ClusterView> clusterView(URI origin) {
    return call(origin, "GET", ClusterApiPaths.CLUSTER_VIEW, null, true)
        .thenApply(answer -> answer.read(ClusterView.class));
  }

  /**
   * {@code POST /api/v1/edges/{id}/drain}, signed: takes the edge out of this origin's rotation;
   * empty when the origin never heard of the edge (404).
   */
  public CompletableFuture<Optional<DrainReply>> drain(URI origin, String edgeId) {
    return call(origin, "POST", ClusterApiPaths.drain(edgeId), NO_BODY, true)
        .thenApply(
            answer ->
                answer.status() == 404
                    ? Optional.empty()
                    : Optional.of(answer.read(DrainReply.class)));
  }

  /**
   * {@code PUT /api/v1/rotation}, signed: the scaling loop's advice to this origin's rotation; true
   * when the origin took it, false when it does not know the call (404: an older origin).
   */
  public CompletableFuture<Boolean> adviseRotation(URI origin, RotationAdvice advice) {
    byte[] body;
    try {
      body = ClusterJson.MAPPER.writeValueAsBytes(advice);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call(origin, "PUT", ClusterApiPaths.ROTATION, body, true)
        .thenApply(
            answer -> {
              if (answer.status() == 404) {
                return false;
              }
              answer.read(RotationAdvice.class);
              return true;
            });
  }

  /**
   * Gives the advice to every one of {@code origins} at once (each keeps its own rotation).
   *
   * @return how many origins took it
   * @throws IOException when none took it and at least one could not be asked
   */
  public int adviseRotation(List<URI> origins, RotationAdvice advice) throws IOException {
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (URI origin : origins) {
      answers.add(adviseRotation(origin, advice));
    }
    int took = 0;
    Failures failures = new Failures();
    for (CompletableFuture<Boolean> answer : answers) {
      try {
        took += await(answer) ? 1 : 0;
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (took == 0 && failures.first != null) {
      throw failures.first;
    }
    return took;
  }

  /**
   * The cluster views of every one of {@code origins} that answers, asked at once, in the order
   * given: each origin counts its own refusals and waiting viewers.
   *
   * @throws IOException when none answered, with the first failure and the others suppressed
   */
  public List<ClusterView> clusterViews(List<URI> origins) throws IOException {
    List<CompletableFuture<ClusterView>> answers = new ArrayList<>();
    for (URI origin : origins) {
      answers.add(clusterView(origin));
    }
    List<ClusterView> views = new ArrayList<>();
    Failures failures = new Failures();
    for (CompletableFuture<ClusterView> answer : answers) {
      try {
        views.add(await(answer));
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (views.isEmpty()) {
      throw failures.orNoOrigin();
    }
    return views;
  }

  /**
   * The cluster view of the first of {@code origins} that answers (every origin knows every edge).
   *
   * @throws IOException when none answered, with the first failure and the others suppressed
   */
  public ClusterView clusterView(List<URI> origins) throws IOException {
    Failures failures = new Failures();
    for (URI origin : origins) {
      try {
        return await(clusterView(origin));
      } catch (IOException e) {
        failures.add(e);
      }
    }
    throw failures.orNoOrigin();
  }

  /**
   * Drains the edge on every one of {@code origins} at once (each keeps its own rotation).
   *
   * @return whether any origin knew the edge
   * @throws IOException when no origin knew the edge and at least one could not be asked
   */
  public boolean drain(List<URI> origins, String edgeId) throws IOException {
    List<CompletableFuture<Optional<DrainReply>>> answers = new ArrayList<>();
    for (URI origin : origins) {
      answers.add(drain(origin, edgeId));
    }
    boolean known = false;
    Failures failures = new Failures();
    for (CompletableFuture<Optional<DrainReply>> answer : answers) {
      try {
        known |= await(answer).isPresent();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (!known && failures.first != null) {
      throw failures.first;
    }
    return known;
  }

  /** The call's failure itself, without the wrapping a chain of futures adds. */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /**
   * Sends one request and completes with its answer, unread; a status outside {@code 200} and
   * {@code 404}, or (for a signed call) a 200 or 404 that the origin did not sign for this request,
   * completes it with a {@link ClusterApiException}.
   *
   * @param body null for a GET
   */
  private CompletableFuture<Answer> call(
      URI origin, String method, String path, byte[] body, boolean signed) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(origin.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (body == null) {
      request.GET();
    } else {
      if (body.length > 0) {
        request.header("Content-Type", "application/json");
      }
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    Optional<ClusterSecret.SignedRequest> signature =
        signed
            ? secret.map(s -> s.signRequest(method, path, body == null ? NO_BODY : body))
            : Optional.empty();
    signature.ifPresent(s -> request.header("Authorization", s.authorization()));
    String described = method + " " + origin.resolve(path);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response -> {
              Answer answer = new Answer(described, response);
              if (answer.status() != 200 && answer.status() != 404) {
                throw new CompletionException(answer.unexpected());
              }
              signature.ifPresent(s -> answer.checkSignedFor(s.nonce(), secret.get()));
              return answer;
            });
  }

  private static <T> T await(CompletableFuture<T> call) throws IOException {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      throw new InterruptedIOException("interrupted waiting for the cluster API");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    }
  }

  /** An origin's answer, read only as the call expects. */
  private record Answer(String request, HttpResponse<byte[]> response) {

    int status() {
      return response.statusCode();
    }

    /** The body as the contract's record; a 404 here is an unexpected status. */
    <T> T read(Class<T> type) {
      if (status() != 200) {
        throw new CompletionException(unexpected());
      }
      try {
        return ClusterJson.MAPPER.readValue(response.body(), type);
      } catch (IOException e) {
        throw unreadable(e);
      }
    }

    ClusterApiException unexpected() {
      return new ClusterApiException(request, status(), text());
    }

    /** Refuses an answer the origin did not sign for the request that carried {@code nonce}. */
    void checkSignedFor(String nonce, ClusterSecret secret) {
      String header = response.headers().firstValue(ClusterSecret.REPLY_HEADER).orElse(null);
      if (!secret.verifyReply(header, nonce, status(), response.body())) {
        throw new CompletionException(
            ClusterApiException.unsignedReply(request, status(), header == null));
      }
    }

    CompletionException unreadable(Exception why) {
      return new CompletionException(new ClusterApiException(request, status(), text(), why));
    }

    private String text() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
  }

  /** The first failure of several calls, with the others suppressed on it. */
  private static final class Failures {
    IOException first;

    void add(IOException failure) {
      if (first == null) {
        first = failure;
      } else {
        first.addSuppressed(failure);
      }
    }

    IOException orNoOrigin() {
      return first != null ? first : new IOException("no origin to call");
    }
  }
}
