package io.streamcluster.e2e.cluster;

import io.streamcluster.e2e.E2EProject;
import io.streamcluster.e2e.Timeline;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the run's {@link TestCluster} and {@link Timeline}. The cluster is started when the
 * first test asks for it and stopped when the whole run ends (JUnit closes what the root store
 * holds), so every test class of a run shares one cluster.
 */
public final class ClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestCluster.class || type == Timeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Run run = run(context);
    return parameter.getParameter().getType() == Timeline.class ? run.timeline : run.cluster;
  }

  /** The run's cluster, for extensions and fixtures that are not test parameters. */
  public static TestCluster cluster(ExtensionContext context) {
    return run(context).cluster;
  }

  public static Timeline timeline(ExtensionContext context) {
    return run(context).timeline;
  }

  private static Run run(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Attempt.class, key -> Attempt.start(), Attempt.class)
        .run();
  }

  /**
   * The one attempt of a run to start its cluster: a failure is reported to every test, once tried.
   */
  record Attempt(Run started, RuntimeException failure) implements AutoCloseable {
    static Attempt start() {
      try {
        return new Attempt(Run.start(), null);
      } catch (RuntimeException e) {
        return new Attempt(null, e);
      }
    }

    Run run() {
      if (started == null) {
        throw new IllegalStateException(
            "the run's cluster did not start: " + failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }

  /** One run's cluster and timeline; closed by JUnit at the end of the run. */
  static final class Run implements AutoCloseable {
    final TestCluster cluster;
    final Timeline timeline;

    private Run(TestCluster cluster, Timeline timeline) {
      this.cluster = cluster;
      this.timeline = timeline;
    }

    static Run start() {
      Timeline timeline = new Timeline();
      ClusterChoice choice = ClusterChoice.fromSystemProperties();
      System.out.println("e2e: starting cluster provider " + choice.name().toLowerCase());
      TestCluster cluster;
      try {
        cluster =
            timeline.measure("cluster up (" + choice.name().toLowerCase() + ")", choice::start);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      String description = cluster.describe();
      System.out.println("e2e: cluster " + description);
      timeline.note("cluster: " + description);
      return new Run(cluster, timeline);
    }

    @Override
    public void close() {
      try {
        timeline.step("cluster down (" + cluster.provider() + ")", cluster::close);
      } catch (Exception e) {
        throw new IllegalStateException("stopping the cluster failed", e);
      } finally {
        Path file = timeline.write(E2EProject.runDir());
        System.out.println("e2e: timeline written to " + file);
      }
    }
  }
}
