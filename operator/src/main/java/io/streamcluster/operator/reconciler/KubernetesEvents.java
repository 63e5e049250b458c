package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.scaleloop.ClusterEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a StreamCluster, for {@code kubectl describe} and event pipelines. Recording
 * is best effort: a failed event is logged and never fails a reconcile.
 */
final class KubernetesEvents implements ClusterEvents {

  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final StreamCluster cluster;

  KubernetesEvents(KubernetesClient client, StreamCluster cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  @Override
  public void normal(String reason, String message) {
    record("Normal", reason, message);
  }

  @Override
  public void warning(String reason, String message) {
    record("Warning", reason, message);
  }

  private void record(String type, String reason, String message) {
    String namespace = cluster.getMetadata().getNamespace();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      cluster.getMetadata().getName()
                          + "."
                          + Long.toHexString(System.currentTimeMillis())
                          + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(cluster.getApiVersion())
                          .withKind(cluster.getKind())
                          .withName(cluster.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(cluster.getMetadata().getUid())
                          .withResourceVersion(cluster.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withNewSource()
                  .withComponent(Labels.OPERATOR)
                  .endSource()
                  .withReportingComponent(Labels.OPERATOR)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not record event {} {} on {}: {}",
          type,
          reason,
          cluster.getMetadata().getName(),
          e.getMessage());
    }
  }
}
