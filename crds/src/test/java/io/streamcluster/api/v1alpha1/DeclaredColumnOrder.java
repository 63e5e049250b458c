package io.streamcluster.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a CRD's printer columns in the order its class declares them. Fabric8's generator sorts them
 * by JSON path, which would put {@code Age} ({@code .metadata...}) first and {@code Desired} before
 * {@code Edges}; kubectl shows them in the CRD's order.
 */
final class DeclaredColumnOrder implements CRDPostProcessor {

  private final List<String> declared;

  DeclaredColumnOrder(Class<?> resource) {
    this.declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
  }

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition definition) {
      for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        if (columns != null) {
          version.setAdditionalPrinterColumns(
              columns.stream().sorted(Comparator.comparingInt(this::position)).toList());
        }
      }
    }
    return crd;
  }

  private int position(CustomResourceColumnDefinition column) {
    int index = declared.indexOf(column.getName());
    return index < 0 ? declared.size() : index;
  }
}
