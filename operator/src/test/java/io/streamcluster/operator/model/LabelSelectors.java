package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selectors evaluated as Kubernetes does, for tests of what a selector selects. */
public final class LabelSelectors {

  private LabelSelectors() {}

  /** Whether {@code selector} selects an object labelled {@code labels} (In and NotIn only). */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> required =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    if (!labels.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement requirement : expressions) {
      String value = labels.get(requirement.getKey());
      boolean in = value != null && requirement.getValues().contains(value);
      switch (requirement.getOperator()) {
        case "In" -> {
          if (!in) {
            return false;
          }
        }
        case "NotIn" -> {
          if (in) {
            return false;
          }
        }
        default -> throw new IllegalArgumentException("operator " + requirement.getOperator());
      }
    }
    return true;
  }
}
