package io.streamcluster.operator.chart;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator needs from Kubernetes, as the apiserver saw it: the (group, resource, verb) of
 * every request the operator made as the chart's ServiceAccount while {@code OperatorRbacIT} drove
 * it through everything it does, taken from the kube-apiserver's audit log and written to {@link
 * #RECORD} by that test (never by hand), and the few grants it needs that it never requests, in
 * {@link #NOT_REQUESTED}. The chart must grant exactly this ({@code ChartRbacTest}); {@code
 * OperatorRbacIT} fails when the operator's requests no longer match the record or the chart.
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

  /** Where a grant applies. */
  public enum Scope {
    /** Every namespace whose StreamClusters the operator reconciles (or all, cluster-wide). */
    WATCHED_NAMESPACES("watched-namespaces"),
    /** The operator's own namespace, where the leader-election Lease lives. */
    OPERATOR_NAMESPACE("operator-namespace"),
    /** Resources without a namespace ({@link #CLUSTER_SCOPED}), granted cluster-wide. */
    CLUSTER("cluster");

    final String label;

    Scope(String label) {
      this.label = label;
    }

    static Scope of(String label) {
      for (Scope scope : values()) {
        if (scope.label.equals(label)) {
          return scope;
        }
      }
      throw new IllegalArgumentException("unknown scope " + label + " in " + RECORD);
    }
  }

  /** The resources the operator uses that have no namespace: Nodes, read for their addresses. */
  public static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("nodes");

  /** A grant the operator needs and never requests, and why. */
  public record Unrequested(Scope scope, Permission permission, String reason) {}

  /**
   * The only grants the chart may hold beyond what the operator requested in the recorded run. Keep
   * it to what the facts force: anything the operator really calls belongs in the run.
   */
  public static final List<Unrequested> NOT_REQUESTED =
      List.of(
          new Unrequested(
              Scope.OPERATOR_NAMESPACE,
              new Permission("coordination.k8s.io", "leases", "update"),
              "JOSDK's LeaderElectionManager asks for get, create and update on Leases through a"
                  + " SelfSubjectRulesReview and refuses to start without all three; Fabric8's"
                  + " LeaderElector then renews the Lease with patch, never with update"));

  /** Written by {@code OperatorRbacIT} with {@code -Drbac.record=true}. */
  public static final Path RECORD =
      OperatorChart.repositoryRoot()
          .resolve("operator/src/test/resources/rbac/operator-requests.txt");

  private OperatorPermissions() {}

  /** What the chart must grant in {@code scope}: the recorded requests and the unrequested. */
  public static Set<Permission> required(Scope scope) {
    Set<Permission> required = new TreeSet<>(recorded().get(scope));
    NOT_REQUESTED.stream()
        .filter(u -> u.scope() == scope)
        .forEach(u -> required.add(u.permission()));
    return Set.copyOf(required);
  }

  /** The requests of the recorded run, by scope. */
  public static Map<Scope, Set<Permission>> recorded() {
    if (!Files.isRegularFile(RECORD)) {
      throw new AssertionError(
          RECORD + " is missing; OperatorRbacIT writes it with -Drbac.record=true");
    }
    try {
      return parse(Files.readAllLines(RECORD, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record's text: a header, then one {@code scope group resource verb} a line, sorted. */
  public static String format(Map<Scope, Set<Permission>> requests) {
    StringBuilder text =
        new StringBuilder(
            """
            # What the operator requested as the chart's ServiceAccount in OperatorRbacIT, from the
            # kube-apiserver's audit log: scope, API group (core for ""), resource, verb.
            # Written by that test with -Drbac.record=true; never edited by hand.
            """);
    for (Scope scope : Scope.values()) {
      for (Permission p : new TreeSet<>(requests.getOrDefault(scope, Set.of()))) {
        text.append(scope.label)
            .append(' ')
            .append(p.apiGroup().isEmpty() ? "core" : p.apiGroup())
            .append(' ')
            .append(p.resource())
            .append(' ')
            .append(p.verb())
            .append('\n');
      }
    }
    return text.toString();
  }

  static Map<Scope, Set<Permission>> parse(List<String> lines) {
    Map<Scope, Set<Permission>> requests = new EnumMap<>(Scope.class);
    for (Scope scope : Scope.values()) {
      requests.put(scope, new TreeSet<>());
    }
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.strip().split("\\s+");
      if (fields.length != 4) {
        throw new IllegalArgumentException("not `scope group resource verb`: " + line);
      }
      String group = fields[1].equals("core") ? "" : fields[1];
      requests.get(Scope.of(fields[0])).add(new Permission(group, fields[2], fields[3]));
    }
    return requests;
  }

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

  /** {@code a} without {@code b}, sorted, for messages. */
  public static List<Permission> minus(Set<Permission> a, Set<Permission> b) {
    List<Permission> difference = new ArrayList<>(new TreeSet<>(a));
    difference.removeAll(b);
    return difference;
  }
}
