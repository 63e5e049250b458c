package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.CheckInReply;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The edges that check in with this origin, and the rotation that hands them to players. An edge
 * that misses its check-ins for the TTL is {@code gone} and out of the rotation; one asked to drain
 * stays listed as {@code draining}, serving its players, until it stops checking in. Thread-safe.
 *
 * <p>With the scaling loop's {@link RotationAdvice} the rotation knows the autoscaler's target: it
 * hands out edges below the target first and only then, if the advice allows it, the headroom up to
 * each edge's capacity. When every edge is full it can tell a viewer how long to wait: held while
 * the cluster can still grow ({@link #holdUntil}), else (or when the hold runs out) refused with a
 * Retry-After from when the next edge is expected ({@link #refuse}).
 */
public final class EdgeFleet {

  private static final Comparator<EdgeView> BY_ID = Comparator.comparing(EdgeView::id);

  /** Retry-After when no edge is expected: about two check-ins, for viewers leaving. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** The longest Retry-After: clients should come back while the launch is still on. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

  /**
   * The longest a viewer is held in all, however long edges take: HTTP clients give up on an answer
   * after about a minute.
   */
  public static final Duration MAX_HOLD = Duration.ofSeconds(60);

  /** Edges this late are no longer expected: the advice is stale (no loop has run since). */
  static final Duration OVERDUE = Duration.ofSeconds(60);

  private final Clock clock;
  private final Duration ttl;
  private final Duration forgetAfter;
  private final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
  private final AtomicLong turn = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final List<Runnable> checkInListeners = new CopyOnWriteArrayList<>();
  private volatile RotationAdvice advice = RotationAdvice.NONE;

  /** What the origin knows of one edge. */
  private static final class Member {
    volatile CheckIn last;
    volatile Instant firstHeardAt;
    volatile Instant heardAt;
    volatile boolean drainRequested;

    /**
     * Viewers handed this edge that its check-ins have not shown yet. A check-in pays them off by
     * the rise in the edge's players it reports, not all at once: viewers take a moment to connect
     * after they were given the address, and a check-in that comes first must not make the edge
     * look empty again (the rotation would overfill it in a surge). Those never seen are forgotten
     * once no viewer was handed out for the edge TTL.
     */
    final AtomicInteger pendingHandOuts = new AtomicInteger();

    volatile Instant lastHandOut;
  }

  public EdgeFleet(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
    this.forgetAfter = ttl.multipliedBy(10);
  }

  public Duration ttl() {
    return ttl;
  }

  /** Records a check-in; the reply tells the edge whether it was asked to drain. */
  public CheckInReply checkIn(CheckIn checkIn) {
    Member member = members.computeIfAbsent(checkIn.id(), id -> new Member());
    Instant now = clock.instant();
    synchronized (member) {
      CheckIn previous = member.last;
      member.last = checkIn;
      if (member.firstHeardAt == null) {
        member.firstHeardAt = now;
      }
      member.heardAt = now;
      Instant handedOut = member.lastHandOut;
      if (handedOut == null || handedOut.plus(ttl).isBefore(now)) {
        member.pendingHandOuts.set(0);
      } else {
        int arrived =
            previous == null ? 0 : Math.max(0, checkIn.subscribers() - previous.subscribers());
        member.pendingHandOuts.updateAndGet(pending -> Math.max(0, pending - arrived));
      }
    }
    checkInListeners.forEach(Runnable::run);
    return new CheckInReply(member.drainRequested, ttl.toSeconds());
  }

  /**
   * Runs {@code listener} after every check-in: the moment an edge may have room again (viewers
   * waiting for one are served then).
   */
  public void onCheckIn(Runnable listener) {
    checkInListeners.add(listener);
  }

  /** Takes the scaling loop's advice, replacing the last. */
  public void advise(RotationAdvice newAdvice) {
    this.advice = newAdvice;
  }

  public RotationAdvice advice() {
    return advice;
  }

  /**
   * Until when a viewer who found every edge full at {@code heldSince} may be held for one that has
   * room; empty when it is to be answered now. A viewer is held only while the cluster can still
   * grow: edges are on their way, or the scaling loop may still ask for some (its next sync sees
   * the viewers waiting). The hold lasts the advice's {@code holdSeconds}, and while edges are on
   * their way until the first should have checked in and {@code holdSeconds} more (a held viewer
   * gets the first edge that checks in, so an estimate that errs long costs nothing); never more
   * than {@link #MAX_HOLD} in all. Asked again when the hold runs out, it extends the hold for
   * edges asked for meanwhile.
   */
  public Optional<Instant> holdUntil(Instant heldSince) {
    RotationAdvice current = advice;
    if (current.holdSeconds() <= 0) {
      return Optional.empty();
    }
    Duration hold = Duration.ofSeconds(current.holdSeconds());
    Optional<Instant> expected = expectedEdge(current);
    if (expected.isEmpty() && current.edgesBelowMax() <= 0) {
      return Optional.empty();
    }
    Instant until = heldSince.plus(hold);
    if (expected.isPresent() && expected.get().plus(hold).isAfter(until)) {
      until = expected.get().plus(hold);
    }
    Instant longest = heldSince.plus(MAX_HOLD);
    if (until.isAfter(longest)) {
      until = longest;
    }
    return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /** The clock the rotation reads: when a viewer's hold began and ends. */
  public Clock clock() {
    return clock;
  }

  /**
   * Counts a viewer turned away because every edge is full, and says when to come back: a second
   * after the next edge is expected to check in, or {@link #DEFAULT_RETRY_AFTER} when none is.
   */
  public Duration refuse() {
    refusals.incrementAndGet();
    Instant now = clock.instant();
    Duration wait =
        expectedEdge(advice)
            .filter(at -> at.isAfter(now))
            .map(at -> Duration.between(now, at).plusSeconds(1))
            .orElse(DEFAULT_RETRY_AFTER);
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  /** Viewers turned away since this origin started. */
  public long refusals() {
    return refusals.get();
  }

  /** When the next edge should check in, if the advice expects one and it is not long overdue. */
  private Optional<Instant> expectedEdge(RotationAdvice current) {
    Instant expected = current.firstEdgeExpected();
    if (current.pendingEdges() <= 0
        || expected == null
        || expected.plus(OVERDUE).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(expected);
  }

  /** Takes the edge out of the rotation; false when no such edge checked in. */
  public boolean drain(String id) {
    Member member = members.get(id);
    if (member == null) {
      return false;
    }
    member.drainRequested = true;
    return true;
  }

  /** Every known edge, by id. */
  public List<EdgeView> edges() {
    Instant now = clock.instant();
    members.entrySet().removeIf(e -> e.getValue().heardAt.plus(forgetAfter).isBefore(now));
    List<EdgeView> views = new ArrayList<>();
    for (Member member : members.values()) {
      views.add(view(member, now, 0));
    }
    views.sort(BY_ID);
    return views;
  }

  /** The next edge for {@code GET /cluster}: round-robin over ready edges with room. */
  public Optional<EdgeView> next() {
    return next(null, RoutingPolicy.ROUND_ROBIN);
  }

  /**
   * The next edge for a player of {@code stream} (may be null). Edges below the advised target come
   * first, then those with headroom up to the rotation's limit; within that, edges that already
   * carry the stream are preferred while they have room, so one edge does not pull every stream.
   */
  public Optional<EdgeView> next(String stream, RoutingPolicy policy) {
    return next(stream, policy, edge -> true);
  }

  /**
   * The next edge among those {@code eligible} (e.g. those with TLS) for a player of {@code stream}
   * (may be null), as {@link #next(String, RoutingPolicy)} chooses.
   */
  public Optional<EdgeView> next(
      String stream, RoutingPolicy policy, Predicate<EdgeView> eligible) {
    Instant now = clock.instant();
    RotationAdvice current = advice;
    List<EdgeView> belowTarget = new ArrayList<>();
    List<EdgeView> headroom = new ArrayList<>();
    for (Member member : members.values()) {
      EdgeView view = view(member, now, member.pendingHandOuts.get());
      if (available(view, current) && eligible.test(view)) {
        (belowTarget(view, current) ? belowTarget : headroom).add(view);
      }
    }
    List<EdgeView> candidates = belowTarget.isEmpty() ? headroom : belowTarget;
    if (stream != null) {
      List<EdgeView> carrying =
          candidates.stream().filter(e -> e.streams().getOrDefault(stream, 0) > 0).toList();
      if (!carrying.isEmpty()) {
        candidates = new ArrayList<>(carrying);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    candidates.sort(BY_ID);
    EdgeView chosen =
        policy == RoutingPolicy.LEAST_LOADED
            ? candidates.stream().min(Comparator.comparingDouble(EdgeFleet::load)).orElseThrow()
            : candidates.get((int) Math.floorMod(turn.getAndIncrement(), candidates.size()));
    Member member = members.get(chosen.id());
    if (member != null) {
      member.lastHandOut = now;
      member.pendingHandOuts.incrementAndGet();
    }
    return Optional.of(chosen);
  }

  /** Players on every edge that is not gone. */
  public int subscribers() {
    return edges().stream()
        .filter(e -> e.state() != EdgeState.GONE)
        .mapToInt(EdgeView::subscribers)
        .sum();
  }

  /** What {@code GET /cluster} says when it has no edge to give, e.g. "2 ready (2 full), ...". */
  public String summary() {
    List<EdgeView> edges = edges();
    if (edges.isEmpty()) {
      return "no edge has checked in";
    }
    long ready = edges.stream().filter(e -> e.state() == EdgeState.READY).count();
    RotationAdvice current = advice;
    long full =
        edges.stream().filter(e -> e.state() == EdgeState.READY && !available(e, current)).count();
    long draining = edges.stream().filter(e -> e.state() == EdgeState.DRAINING).count();
    long gone = edges.stream().filter(e -> e.state() == EdgeState.GONE).count();
    return ready + " ready (" + full + " full), " + draining + " draining, " + gone + " gone";
  }

  /** Whether the rotation may hand this edge out now. */
  private static boolean available(EdgeView edge, RotationAdvice advice) {
    return edge.state() == EdgeState.READY && edge.subscribers() < rotationLimit(edge, advice);
  }

  /** Its capacity, or the target when the advice allows no overflow beyond it. */
  private static long rotationLimit(EdgeView edge, RotationAdvice advice) {
    long target = advice.targetSubscribersPerEdge();
    return target > 0 && !advice.overflowToCapacity()
        ? Math.min(edge.capacity(), target)
        : edge.capacity();
  }

  private static boolean belowTarget(EdgeView edge, RotationAdvice advice) {
    long target = advice.targetSubscribersPerEdge();
    return target <= 0 || edge.subscribers() < target;
  }

  /** The share of its capacity in use. */
  private static double load(EdgeView edge) {
    return edge.capacity() <= 0 ? 1 : (double) edge.subscribers() / edge.capacity();
  }

  /**
   * The edge as seen now; {@code handedOut} players sent there since its last check-in count
   * towards its load, so a burst of requests between check-ins does not overfill it.
   */
  private EdgeView view(Member member, Instant now, int handedOut) {
    CheckIn last = member.last;
    EdgeState state;
    if (member.heardAt.plus(ttl).isBefore(now)) {
      state = EdgeState.GONE;
    } else if (member.drainRequested || last.state() == EdgeState.DRAINING) {
      state = EdgeState.DRAINING;
    } else {
      state = EdgeState.READY;
    }
    return new EdgeView(
        last.id(),
        last.host(),
        last.rtmpPort(),
        last.httpPort(),
        state,
        last.subscribers() + handedOut,
        last.capacity(),
        last.streams(),
        last.bytesOut(),
        member.heardAt,
        last.rtmpsPort(),
        last.httpsPort(),
        member.firstHeardAt);
  }
}
