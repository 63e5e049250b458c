package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A namespace of its own for one test, deleted (and waited for) when the test ends. */
public final class TestNamespace implements AutoCloseable {

  private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final String name;
  private boolean deleted;

  private TestNamespace(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /** Creates {@code e2e-<prefix>-<random>}. */
  public static TestNamespace create(KubernetesClient client, String prefix) {
    String name =
        ("e2e-"
                + prefix.toLowerCase(Locale.ROOT)
                + "-"
                + UUID.randomUUID().toString().substring(0, 6))
            .replaceAll("[^a-z0-9-]", "-");
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app.kubernetes.io/part-of", "streamcluster-e2e")
                .endMetadata()
                .build())
        .create();
    return new TestNamespace(client, name);
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (deleted) {
      return;
    }
    deleted = true;
    client.namespaces().withName(name).delete();
    client
        .namespaces()
        .withName(name)
        .waitUntilCondition(ns -> ns == null, DELETE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
