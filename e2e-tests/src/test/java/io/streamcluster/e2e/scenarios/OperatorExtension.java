package io.streamcluster.e2e.scenarios;

import io.streamcluster.e2e.cluster.ClusterExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives scenarios the run's {@link OperatorInstallation}: installed with the chart when the first
 * scenario asks for it, uninstalled at the end of the run (before the cluster stops).
 */
final class OperatorExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OperatorExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == OperatorInstallation.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            OperatorInstallation.class,
            key -> {
              try {
                return OperatorInstallation.install(
                    ClusterExtension.cluster(context), ClusterExtension.timeline(context));
              } catch (Exception e) {
                throw new IllegalStateException(
                    "installing the operator failed: " + e.getMessage(), e);
              }
            },
            OperatorInstallation.class);
  }
}
