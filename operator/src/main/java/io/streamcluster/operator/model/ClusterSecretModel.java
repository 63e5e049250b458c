package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels.Component;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The secret that signs the cluster API's calls between origins, edges and the operator. It is
 * generated once, when absent, and kept: regenerating it would lock every running edge out of its
 * origins. Its value is never logged.
 */
public final class ClusterSecretModel {

  /** 32 random bytes: HMAC-SHA256's block of key material and more than its output. */
  static final int SECRET_BYTES = 32;

  private final StreamCluster owner;
  private final ClusterNames names;

  private ClusterSecretModel(StreamCluster owner) {
    this.owner = owner;
    this.names = OriginModel.names(owner);
  }

  public static ClusterSecretModel fromCrd(StreamCluster cluster) {
    return new ClusterSecretModel(cluster);
  }

  /** A new secret with a fresh random value from {@code random} (a SecureRandom in production). */
  public Secret generateSecret(RandomGenerator random) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    // text, because the media server reads the file as text and strips it
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new SecretBuilder()
        .withMetadata(
            MediaServerPod.ownedMetadata(
                names.clusterSecret(), names, Component.CLUSTER_SECRET, owner))
        .withType("Opaque")
        .withImmutable(true)
        .withStringData(Map.of(MediaServerPod.SECRET_KEY, text))
        .build();
  }

  public Secret generateSecret() {
    return generateSecret(new SecureRandom());
  }

  /** The secret's bytes as the media server uses them, or empty when the Secret lacks its key. */
  public static Optional<byte[]> secretBytes(Secret secret) {
    if (secret == null) {
      return Optional.empty();
    }
    String text = null;
    if (secret.getData() != null && secret.getData().get(MediaServerPod.SECRET_KEY) != null) {
      text =
          new String(
              Base64.getDecoder().decode(secret.getData().get(MediaServerPod.SECRET_KEY)),
              StandardCharsets.UTF_8);
    } else if (secret.getStringData() != null) {
      text = secret.getStringData().get(MediaServerPod.SECRET_KEY);
    }
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(text.strip().getBytes(StandardCharsets.UTF_8));
  }

  public ClusterNames names() {
    return names;
  }
}
