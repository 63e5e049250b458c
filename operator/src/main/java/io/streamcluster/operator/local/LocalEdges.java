package io.streamcluster.operator.local;

import io.streamcluster.operator.scaleloop.EdgeScaleTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cluster's edges as the scaling loop sees them, in place of the edge pods of a Deployment:
 * scaling up starts edge servers in this process; scaling in removes edges as a ReplicaSet removes
 * pods, those preferred for removal first (then the newest), and a removed edge drains as an edge
 * pod does on SIGTERM: no new players, and it stops once its players have left or its drain timeout
 * has passed. Thread-safe.
 */
final class LocalEdges implements EdgeScaleTarget {

  private static final Logger log = LoggerFactory.getLogger(LocalEdges.class);

  /** Starts the edge server of one slot (edge {@code n} listens on the origin's ports plus n). */
  @FunctionalInterface
  interface Starter {
    LocalEdge start(int slot) throws InterruptedException;
  }

  private final Starter starter;
  private final List<LocalEdge> serving = new ArrayList<>();
  private final List<LocalEdge> removed = new ArrayList<>();
  private final Set<String> preferred = new HashSet<>();
  private int replicas;

  LocalEdges(Starter starter) {
    this.starter = starter;
  }

  /** The edge servers that are not being removed; their ids are the "pods" of the loop. */
  @Override
  public synchronized Set<String> edgePods() {
    return serving.stream().map(LocalEdge::id).collect(Collectors.toSet());
  }

  @Override
  public synchronized void preferForRemoval(String edge) {
    preferred.add(edge);
  }

  @Override
  public synchronized void scale(int edges) {
    replicas = edges;
    try {
      while (serving.size() < edges) {
        serving.add(starter.start(freeSlot()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting an edge", e);
    }
    if (serving.size() > edges) {
      List<LocalEdge> leaving =
          serving.stream()
              .sorted(
                  Comparator.comparing((LocalEdge e) -> !preferred.contains(e.id()))
                      .thenComparing(Comparator.comparingInt(LocalEdge::slot).reversed()))
              .limit(serving.size() - edges)
              .toList();
      leaving.forEach(this::remove);
    }
  }

  /** The number of edges the loop last asked for (a Deployment's replicas). */
  synchronized int replicas() {
    return replicas;
  }

  synchronized List<LocalEdge> serving() {
    return List.copyOf(serving);
  }

  /** Removed edges that still serve players while they drain. */
  synchronized int draining() {
    return removed.size();
  }

  /** Every edge server still running: serving or draining. */
  synchronized List<LocalEdge> all() {
    List<LocalEdge> all = new ArrayList<>(serving);
    all.addAll(removed);
    return all;
  }

  private void remove(LocalEdge edge) {
    serving.remove(edge);
    preferred.remove(edge.id());
    removed.add(edge);
    log.info(
        "Removing {} ({} players): it drains, then stops",
        edge.id(),
        edge.server().streams().subscriberCount());
    edge.server()
        .drain()
        .thenRunAsync(
            () -> {
              edge.server().close();
              synchronized (this) {
                removed.remove(edge);
              }
              log.info("{} stopped", edge.id());
            });
  }

  private int freeSlot() {
    Set<Integer> taken = new HashSet<>();
    all().forEach(e -> taken.add(e.slot()));
    int slot = 1;
    while (taken.contains(slot)) {
      slot++;
    }
    return slot;
  }

  /** Stops every edge server at once. */
  synchronized void closeAll() {
    for (LocalEdge edge : all()) {
      edge.server().close();
    }
    serving.clear();
    removed.clear();
  }
}
