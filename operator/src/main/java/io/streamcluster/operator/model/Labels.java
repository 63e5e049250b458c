package io.streamcluster.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The labels on everything the operator creates, in one place: the {@code app.kubernetes.io}
 * recommended labels, with {@code instance} naming the StreamCluster and {@code component} the part
 * of it.
 */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String APP_NAME = "streamcluster";
  public static final String OPERATOR = "streamcluster-operator";

  /** Selects every object this operator manages; its informers watch only these. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** The parts of a StreamCluster. */
  public enum Component {
    ORIGIN("origin"),
    EDGE("edge"),
    CLUSTER_SECRET("cluster-secret"),
    NETWORK_POLICY("network-policy");

    private final String value;

    Component(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  private Labels() {}

  /** All labels of an object of {@code component} in cluster {@code cluster}. */
  public static Map<String, String> of(String cluster, Component component) {
    Map<String, String> labels = new LinkedHashMap<>(selector(cluster, component));
    labels.put(PART_OF, APP_NAME);
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }

  /** The labels that select a component's pods; fixed for the life of the cluster. */
  public static Map<String, String> selector(String cluster, Component component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP_NAME);
    labels.put(INSTANCE, cluster);
    labels.put(COMPONENT, component.value());
    return labels;
  }

  /** A selector in its string form, as the scale subresource and {@code kubectl -l} take it. */
  public static String selectorString(String cluster, Component component) {
    return selector(cluster, component).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
