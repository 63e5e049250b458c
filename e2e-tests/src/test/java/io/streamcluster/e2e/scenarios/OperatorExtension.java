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
        .getOrComputeIfAbsent(Attempt.class, key -> Attempt.install(context), Attempt.class)
        .installation();
  }

  /** The run's one attempt to install the operator: a failure is reported to every scenario. */
  record Attempt(OperatorInstallation installed, Throwable failure) implements AutoCloseable {
    static Attempt install(ExtensionContext context) {
      try {
        return new Attempt(
            OperatorInstallation.install(
                ClusterExtension.cluster(context), ClusterExtension.timeline(context)),
            null);
      } catch (Exception | AssertionError e) {
        return new Attempt(null, e);
      }
    }

    OperatorInstallation installation() {
      if (installed == null) {
        throw new IllegalStateException(
            "the operator is not installed: " + failure.getMessage(), failure);
      }
      return installed;
    }

    @Override
    public void close() {
      if (installed != null) {
        installed.close();
      }
    }
  }
}
