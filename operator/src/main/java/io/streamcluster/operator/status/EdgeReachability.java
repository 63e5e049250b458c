package io.streamcluster.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.model.EdgeAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether viewers can reach the edges, as a condition of its own ({@code EdgesReachable}) and as
 * the reason an edge is not ready when the scheduler cannot place it (on {@code EdgesReady} and
 * {@code Ready}, whose counts {@link ClusterStatusModel} computes): an edge without the address its
 * advertise mode promises stays out of the rotation, and an edge with ports on its node needs a
 * node of its own. Each change is also an Event. Pure: the reconciler gathers what it saw.
 */
public final class EdgeReachability {

  /** At most this many edges are named in a message; the others are counted. */
  static final int NAMED = 3;

  public static final String EDGES_UNSCHEDULABLE = "EdgesUnschedulable";
  public static final String NO_EXTERNAL_ADDRESS = "NoExternalAddress";
  public static final String LOAD_BALANCER_PENDING = "LoadBalancerPending";
  public static final String NO_EDGES_SCHEDULED = "NoEdgesScheduled";

  /** One Kubernetes Event to record. */
  public record Event(boolean warning, String reason, String message) {}

  /** An edge pod the scheduler could not place, with what the scheduler said. */
  public record Unschedulable(String pod, String schedulerMessage) {}

  /**
   * What the operator saw of the edges.
   *
   * @param mode the advertise mode
   * @param scheduledEdges edge pods (not terminating) that have a node
   * @param addresses in the modes where the operator tells edges their address, one per scheduled
   *     edge
   * @param unschedulable edge pods the scheduler could not place
   */
  public record Observed(
      Advertise mode,
      int scheduledEdges,
      List<EdgeAddress> addresses,
      List<Unschedulable> unschedulable) {}

  /** The conditions of this reconcile, and the Events they call for. */
  public record Outcome(List<Condition> conditions, List<Event> events) {}

  private EdgeReachability() {}

  /**
   * The conditions as {@link ClusterStatusModel} computed them, with {@code EdgesReachable} added
   * and unschedulable edges named on {@code EdgesReady} and {@code Ready}.
   *
   * @param before the conditions of the previous status
   */
  public static Outcome apply(
      List<Condition> computed,
      List<Condition> before,
      Observed observed,
      long generation,
      Instant now) {
    List<Event> events = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    Optional<String> unschedulable = unschedulable(observed);
    for (Condition condition : computed) {
      boolean notReadyEdges =
          "False".equals(condition.getStatus())
              && (StreamClusterStatus.EDGES_READY.equals(condition.getType())
                  || (StreamClusterStatus.READY.equals(condition.getType())
                      && "EdgesNotReady".equals(condition.getReason())));
      if (notReadyEdges && unschedulable.isPresent()) {
        ConditionBuilder amended =
            new ConditionBuilder(condition)
                .withMessage(condition.getMessage() + "; " + unschedulable.get());
        if (StreamClusterStatus.EDGES_READY.equals(condition.getType())) {
          amended.withReason(EDGES_UNSCHEDULABLE);
        }
        conditions.add(amended.build());
      } else {
        conditions.add(condition);
      }
    }
    Condition reachable = reachable(before, observed, generation, now);
    conditions.add(reachable);

    Optional<Condition> edgesReadyBefore = Conditions.find(before, StreamClusterStatus.EDGES_READY);
    if (unschedulable.isPresent()
        && edgesReadyBefore.map(c -> !EDGES_UNSCHEDULABLE.equals(c.getReason())).orElse(true)) {
      events.add(new Event(true, EDGES_UNSCHEDULABLE, unschedulable.get()));
    }
    Optional<Condition> reachableBefore =
        Conditions.find(before, StreamClusterStatus.EDGES_REACHABLE);
    if (changed(reachableBefore, reachable)) {
      eventFor(reachable, reachableBefore).ifPresent(events::add);
    }
    return new Outcome(conditions, events);
  }

  /**
   * An edge without an address from its node is a Warning (someone must give the node one); a load
   * balancer the cloud is still making is Normal, as is the end of either. Edges not scheduled yet
   * are no news: their pods say so.
   */
  private static Optional<Event> eventFor(Condition now, Optional<Condition> before) {
    String reason = now.getReason();
    if (NO_EDGES_SCHEDULED.equals(reason)) {
      return Optional.empty();
    }
    if ("False".equals(now.getStatus())) {
      return Optional.of(new Event(NO_EXTERNAL_ADDRESS.equals(reason), reason, now.getMessage()));
    }
    boolean recovered =
        before
            .filter(c -> "False".equals(c.getStatus()))
            .filter(c -> !NO_EDGES_SCHEDULED.equals(c.getReason()))
            .isPresent();
    return recovered ? Optional.of(new Event(false, reason, now.getMessage())) : Optional.empty();
  }

  /** A new status or reason, or a new list of unreachable edges. */
  private static boolean changed(Optional<Condition> before, Condition now) {
    if (before.isEmpty()) {
      return true;
    }
    Condition was = before.get();
    return !Objects.equals(was.getStatus(), now.getStatus())
        || !Objects.equals(was.getReason(), now.getReason())
        || ("False".equals(now.getStatus()) && !Objects.equals(was.getMessage(), now.getMessage()));
  }

  private static Optional<String> unschedulable(Observed observed) {
    List<Unschedulable> pending = observed.unschedulable();
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text =
        new StringBuilder()
            .append(pending.size())
            .append(pending.size() == 1 ? " edge pod cannot" : " edge pods cannot")
            .append(" be scheduled (")
            .append(pending.get(0).pod())
            .append(": ")
            .append(pending.get(0).schedulerMessage().strip())
            .append(")");
    if (observed.mode().usesHostPorts()) {
      text.append(
          "; advertise: %s takes the edge's ports on its node, so each edge needs a node of its own: add nodes or lower the edges"
              .formatted(observed.mode()));
    }
    return Optional.of(text.toString());
  }

  private static Condition reachable(
      List<Condition> before, Observed observed, long generation, Instant now) {
    String type = StreamClusterStatus.EDGES_REACHABLE;
    return switch (observed.mode()) {
      case PodIP ->
          Conditions.next(
              before,
              type,
              true,
              "PodIPs",
              "edges hand out their pod IPs: players must be on the cluster's network",
              generation,
              now);
      case NodeIP ->
          Conditions.next(
              before,
              type,
              true,
              "NodeIPs",
              "edges hand out their nodes' primary addresses, their ports on the node",
              generation,
              now);
      case NodeExternalIP, LoadBalancer -> external(before, observed, generation, now);
    };
  }

  private static Condition external(
      List<Condition> before, Observed observed, long generation, Instant now) {
    String type = StreamClusterStatus.EDGES_REACHABLE;
    List<EdgeAddress> missing =
        observed.addresses().stream().filter(a -> a.advertised().isEmpty()).toList();
    if (observed.scheduledEdges() == 0) {
      return Conditions.next(
          before, type, false, NO_EDGES_SCHEDULED, "no edge pod is scheduled", generation, now);
    }
    if (!missing.isEmpty()) {
      return Conditions.next(
          before,
          type,
          false,
          observed.mode() == Advertise.LoadBalancer ? LOAD_BALANCER_PENDING : NO_EXTERNAL_ADDRESS,
          "%d of %d edges %s no external address and stay out of the rotation: %s"
              .formatted(
                  missing.size(),
                  observed.scheduledEdges(),
                  missing.size() == 1 ? "has" : "have",
                  named(missing.stream().map(a -> a.problem().orElse(a.pod())).toList())),
          generation,
          now);
    }
    return Conditions.next(
        before,
        type,
        true,
        "ExternalAddresses",
        "%d %s: %s"
            .formatted(
                observed.addresses().size(),
                observed.addresses().size() == 1
                    ? "edge hands out an external address"
                    : "edges hand out external addresses",
                named(
                    observed.addresses().stream()
                        .map(a -> a.pod() + " " + a.advertised().orElseThrow())
                        .toList())),
        generation,
        now);
  }

  private static String named(List<String> items) {
    List<String> shown = items.subList(0, Math.min(NAMED, items.size()));
    String text = String.join("; ", shown);
    return items.size() > NAMED ? text + "; and " + (items.size() - NAMED) + " more" : text;
  }
}
