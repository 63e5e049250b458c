package io.streamcluster.operator.chart;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator may do, as one list that the chart's RBAC must grant exactly: no verb missing,
 * none extra.
 *
 * <p>It must match the operator's code. The StreamClusterReconciler watches StreamClusters, patches
 * their status and writes their scale subresource (as an HPA would in mode Subscribers); its
 * workflow owns, per StreamCluster, the cluster Secret, the origin Service and headless Service,
 * the origins' StatefulSet, the edges' Deployment and their PodDisruptionBudget, each applied
 * server-side and watched through an informer; scale-in lowers the pod-deletion cost of the edge
 * pods it drains; errors and scaling decisions become Events on the StreamCluster. With leader
 * election on, replicas compete for one Lease in the operator's own namespace. A change in what the
 * reconciler owns or calls changes this list, and the chart's rules with it.
 */
public final class OperatorPermissions {

  /** One verb on one resource of one API group ({@code ""} is the core group). */
  public record Permission(String apiGroup, String resource, String verb)
      implements Comparable<Permission> {
    @Override
    public int compareTo(Permission other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
  }

  static final List<String> OWN =
      List.of("get", "list", "watch", "create", "patch", "update", "delete");

  /** In every namespace whose StreamClusters the operator reconciles. */
  static final Set<Permission> WATCHED_NAMESPACES =
      union(
          grant("streamcluster.io", "streamclusters", "get", "list", "watch", "patch", "update"),
          grant("streamcluster.io", "streamclusters/status", "get", "patch", "update"),
          grant("streamcluster.io", "streamclusters/scale", "get", "patch", "update"),
          grant("apps", "deployments", OWN),
          grant("apps", "statefulsets", OWN),
          grant("", "services", OWN),
          grant("", "secrets", OWN),
          grant("policy", "poddisruptionbudgets", OWN),
          grant("", "pods", "get", "list", "watch", "patch"),
          grant("", "events", "create", "patch"));

  /** In the operator's own namespace, with leader election on. */
  static final Set<Permission> LEADER_ELECTION =
      grant("coordination.k8s.io", "leases", "get", "list", "watch", "create", "update", "patch");

  /** Both. */
  public static final Set<Permission> ALL = union(WATCHED_NAMESPACES, LEADER_ELECTION);

  private OperatorPermissions() {}

  public static Set<Permission> of(List<PolicyRule> rules) {
    Set<Permission> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return permissions;
  }

  private static Set<Permission> grant(String group, String resource, String... verbs) {
    return grant(group, resource, List.of(verbs));
  }

  private static Set<Permission> grant(String group, String resource, List<String> verbs) {
    Set<Permission> permissions = new TreeSet<>();
    verbs.forEach(verb -> permissions.add(new Permission(group, resource, verb)));
    return permissions;
  }

  @SafeVarargs
  private static Set<Permission> union(Set<Permission>... sets) {
    Set<Permission> all = new TreeSet<>();
    for (Set<Permission> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
  }
}
