package io.streamcluster.media;

import io.streamcluster.media.auth.AccessWebhook;
import io.streamcluster.media.auth.MountedSecrets;
import io.streamcluster.media.auth.StreamTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags of who may publish and who may play: signed stream keys and webhooks. Each also reads
 * {@code STREAMCLUSTER_<FLAG>}; secrets come from files (one secret per line, the first signing),
 * re-read while the server runs.
 */
final class AccessOptions {

  @Option(
      names = "--publish-webhook-url",
      defaultValue = "${env:STREAMCLUSTER_PUBLISH_WEBHOOK_URL}",
      description =
          "Asked (POST, JSON) before a publisher is accepted; 2xx allows, anything else refuses")
  URI publishWebhookUrl;

  @Option(
      names = "--play-webhook-url",
      defaultValue = "${env:STREAMCLUSTER_PLAY_WEBHOOK_URL}",
      description =
          "Asked (POST, JSON) before a player is accepted; 2xx allows, anything else refuses")
  URI playWebhookUrl;

  @Option(
      names = "--play-secret-file",
      defaultValue = "${env:STREAMCLUSTER_PLAY_SECRET_FILE}",
      description =
          "File holding the secret(s) play tokens are signed with; playing then requires a token")
  Path playSecretFile;

  @Option(
      names = "--webhook-timeout-ms",
      defaultValue = "${env:STREAMCLUSTER_WEBHOOK_TIMEOUT_MS:-3000}",
      description = "A webhook that has not answered by then refuses. Default: ${DEFAULT-VALUE}")
  int webhookTimeoutMillis;

  @Option(
      names = "--webhook-cache-seconds",
      defaultValue = "${env:STREAMCLUSTER_WEBHOOK_CACHE_SECONDS:-5}",
      description =
          "How long a webhook's answer is reused for the same request. Default: ${DEFAULT-VALUE}")
  int webhookCacheSeconds;

  /** Adds the play tokens and the webhooks to {@code config}. */
  MediaServerConfig.Builder applyTo(MediaServerConfig.Builder config) throws IOException {
    Duration timeout = Duration.ofMillis(webhookTimeoutMillis);
    Duration cache = Duration.ofSeconds(webhookCacheSeconds);
    if (publishWebhookUrl != null) {
      config.publishWebhook(new AccessWebhook(publishWebhookUrl, timeout, cache));
    }
    if (playWebhookUrl != null) {
      config.playWebhook(new AccessWebhook(playWebhookUrl, timeout, cache));
    }
    if (playSecretFile != null) {
      MountedSecrets secrets = MountedSecrets.read("play tokens", playSecretFile);
      config
          .playTokens(new StreamTokens(StreamTokens.Purpose.PLAY, secrets, Clock.systemUTC()))
          .reloading(secrets);
    }
    return config;
  }
}
