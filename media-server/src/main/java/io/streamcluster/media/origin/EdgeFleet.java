package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.CheckInReply;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The edges that check in with this origin, and the rotation that hands them to players. An edge
 * that misses its check-ins for the TTL is {@code gone} and out of the rotation; one asked to drain
 * stays listed as {@code draining}, serving its players, until it stops checking in. Thread-safe.
 */
public final class EdgeFleet {

  private static final Comparator<EdgeView> BY_ID = Comparator.comparing(EdgeView::id);

  private final Clock clock;
  private final Duration ttl;
  private final Duration forgetAfter;
  private final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
  private final AtomicLong turn = new AtomicLong();

  /** What the origin knows of one edge. */
  private static final class Member {
    volatile CheckIn last;
    volatile Instant heardAt;
    volatile boolean drainRequested;
    final AtomicInteger handedOutSinceCheckIn = new AtomicInteger();
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
    member.last = checkIn;
    member.heardAt = clock.instant();
    member.handedOutSinceCheckIn.set(0);
    return new CheckInReply(member.drainRequested, ttl.toSeconds());
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
   * The next edge for a player of {@code stream} (may be null). Edges that already carry the stream
   * are preferred while they have room, so one edge does not pull every stream.
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
    List<EdgeView> candidates = new ArrayList<>();
    for (Member member : members.values()) {
      EdgeView view = view(member, now, member.handedOutSinceCheckIn.get());
      if (available(view) && eligible.test(view)) {
        candidates.add(view);
      }
    }
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
      member.handedOutSinceCheckIn.incrementAndGet();
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
    long full = edges.stream().filter(e -> e.state() == EdgeState.READY && !available(e)).count();
    long draining = edges.stream().filter(e -> e.state() == EdgeState.DRAINING).count();
    long gone = edges.stream().filter(e -> e.state() == EdgeState.GONE).count();
    return ready + " ready (" + full + " full), " + draining + " draining, " + gone + " gone";
  }

  /** Whether the rotation may hand this edge out now. */
  private static boolean available(EdgeView edge) {
    return edge.state() == EdgeState.READY && edge.subscribers() < edge.capacity();
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
        last.httpsPort());
  }
}
