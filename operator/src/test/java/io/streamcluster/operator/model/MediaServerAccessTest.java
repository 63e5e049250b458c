package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.streamcluster.api.v1alpha1.PlaybackSpec;
import io.streamcluster.api.v1alpha1.PublishingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TokenSecretRefSpec;
import org.junit.jupiter.api.Test;

class MediaServerAccessTest {

  StreamCluster cluster = StreamClusters.named("live", "video");

  PodSpec originPod() {
    return OriginModel.fromCrd(cluster, EdgeModelTest.IMAGE)
        .generateStatefulSet()
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  PodSpec edgePod() {
    return EdgeModel.fromCrd(cluster, EdgeModelTest.IMAGE)
        .generateDeployment()
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static VolumeMount mount(Container container, String name) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static PublishingSpec publishing(TokenSecretRefSpec tokens, String webhookUrl) {
    PublishingSpec publishing = new PublishingSpec();
    publishing.setTokenSecretRef(tokens);
    publishing.setWebhookUrl(webhookUrl);
    return publishing;
  }

  static PlaybackSpec playback(TokenSecretRefSpec tokens, String webhookUrl) {
    PlaybackSpec playback = new PlaybackSpec();
    playback.setTokenSecretRef(tokens);
    playback.setWebhookUrl(webhookUrl);
    return playback;
  }

  @Test
  void withoutPublishingOrPlaybackPodsGetNoAccessFlagsOrVolumes() {
    for (PodSpec pod : new PodSpec[] {originPod(), edgePod()}) {
      assertThat(pod.getContainers().get(0).getArgs())
          .noneMatch(a -> a.startsWith("--publish-") || a.startsWith("--play-"))
          .noneMatch(a -> a.startsWith("--webhook-"));
      assertThat(pod.getVolumes())
          .extracting(Volume::getName)
          .doesNotContain(
              MediaServerAccess.PUBLISH_TOKENS_VOLUME, MediaServerAccess.PLAY_TOKENS_VOLUME);
    }
  }

  @Test
  void thePublishTokenSecretIsMountedAsADirectoryIntoOriginsOnly() {
    cluster
        .getSpec()
        .setPublishing(publishing(new TokenSecretRefSpec("publish-keys"), "https://auth/publish"));

    PodSpec origin = originPod();
    Container container = origin.getContainers().get(0);
    assertThat(container.getArgs())
        .containsSubsequence("--publish-secret-file", "/etc/streamcluster/publish-tokens/secret")
        .containsSubsequence("--publish-webhook-url", "https://auth/publish");
    VolumeMount mount = mount(container, "publish-tokens");
    assertThat(mount.getMountPath()).isEqualTo("/etc/streamcluster/publish-tokens");
    assertThat(mount.getReadOnly()).isTrue();
    // a subPath mount would never see the Secret's next version
    assertThat(mount.getSubPath()).isNull();
    Volume volume = volume(origin, "publish-tokens");
    assertThat(volume.getSecret().getSecretName()).isEqualTo("publish-keys");
    assertThat(volume.getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("secret");
              assertThat(item.getPath()).isEqualTo("secret");
            });
    assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);

    PodSpec edge = edgePod();
    assertThat(edge.getContainers().get(0).getArgs()).noneMatch(a -> a.startsWith("--publish-"));
    assertThat(edge.getVolumes()).extracting(Volume::getName).doesNotContain("publish-tokens");
  }

  @Test
  void thePlayTokenSecretAndWebhookGoToOriginsAndEdges() {
    cluster
        .getSpec()
        .setPlayback(
            playback(new TokenSecretRefSpec("play-keys", "tokens"), "http://auth.video:8080/play"));

    for (PodSpec pod : new PodSpec[] {originPod(), edgePod()}) {
      Container container = pod.getContainers().get(0);
      assertThat(container.getArgs())
          .containsSubsequence("--play-secret-file", "/etc/streamcluster/play-tokens/tokens")
          .containsSubsequence("--play-webhook-url", "http://auth.video:8080/play")
          .noneMatch(a -> a.startsWith("--publish-"));
      assertThat(mount(container, "play-tokens").getMountPath())
          .isEqualTo("/etc/streamcluster/play-tokens");
      assertThat(volume(pod, "play-tokens").getSecret().getSecretName()).isEqualTo("play-keys");
      assertThat(volume(pod, "play-tokens").getSecret().getItems().get(0).getKey())
          .isEqualTo("tokens");
    }
  }

  @Test
  void aWebhookAloneNeedsNoSecret() {
    cluster.getSpec().setPublishing(publishing(null, "https://auth.example.com/publish"));

    PodSpec origin = originPod();
    assertThat(origin.getContainers().get(0).getArgs())
        .containsSubsequence("--publish-webhook-url", "https://auth.example.com/publish")
        .doesNotContain("--publish-secret-file");
    assertThat(origin.getVolumes()).extracting(Volume::getName).doesNotContain("publish-tokens");
  }

  @Test
  void webhookTimeoutAndCacheReachTheServersThatAskTheWebhooks() {
    PublishingSpec publishing = publishing(null, "https://auth/publish");
    publishing.setWebhookTimeoutMs(1500);
    publishing.setWebhookCacheSeconds(0);
    cluster.getSpec().setPublishing(publishing);
    PlaybackSpec playback = playback(null, "https://auth/play");
    playback.setWebhookTimeoutMs(1500);
    cluster.getSpec().setPlayback(playback);

    assertThat(originPod().getContainers().get(0).getArgs())
        .containsSubsequence("--webhook-timeout-ms", "1500")
        .containsSubsequence("--webhook-cache-seconds", "0");
    // edges ask only the play webhook: playback's settings, and no cache setting it did not give
    assertThat(edgePod().getContainers().get(0).getArgs())
        .containsSubsequence("--webhook-timeout-ms", "1500")
        .doesNotContain("--webhook-cache-seconds");
  }

  @Test
  void publishingAndPlaybackMustAgreeOnTheOneWebhookTimeoutAnOriginHas() {
    PublishingSpec publishing = publishing(null, "https://auth/publish");
    publishing.setWebhookTimeoutMs(1000);
    cluster.getSpec().setPublishing(publishing);
    PlaybackSpec playback = playback(null, "https://auth/play");
    playback.setWebhookTimeoutMs(2000);
    cluster.getSpec().setPlayback(playback);

    assertThatThrownBy(() -> MediaServerAccess.fromCrd(cluster))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.publishing.webhookTimeoutMs (1000)")
        .hasMessageContaining("spec.playback.webhookTimeoutMs (2000)");
  }

  @Test
  void anEmptySecretNameIsAnInvalidSpec() {
    cluster.getSpec().setPublishing(publishing(new TokenSecretRefSpec(" "), null));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.publishing.tokenSecretRef.name is empty");
  }

  @Test
  void aSecretNameTheApiServerWouldRefuseIsAnInvalidSpec() {
    cluster.getSpec().setPlayback(playback(new TokenSecretRefSpec("Play_Keys"), null));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.playback.tokenSecretRef.name \"Play_Keys\"");
  }

  @Test
  void aBadSecretKeyIsAnInvalidSpec() {
    cluster.getSpec().setPlayback(playback(new TokenSecretRefSpec("play-keys", "a/b"), null));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.playback.tokenSecretRef.key");
  }

  @Test
  void aWebhookThatIsNotHttpIsAnInvalidSpecWhoseMessageDoesNotRepeatTheUrl() {
    cluster.getSpec().setPublishing(publishing(null, "ftp://auth/publish?key=hunter2"));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.publishing.webhookUrl must be an http:// or https:// URL")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void aWebhookWithoutAHostIsAnInvalidSpec() {
    cluster.getSpec().setPlayback(playback(null, "https:///play"));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.playback.webhookUrl has no host");
  }

  @Test
  void aRelativeWebhookIsAnInvalidSpec() {
    cluster.getSpec().setPlayback(playback(null, "auth/play"));

    assertThatThrownBy(() -> ClusterModel.fromCrd(cluster, EdgeModelTest.IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.playback.webhookUrl must be an http:// or https:// URL");
  }
}
