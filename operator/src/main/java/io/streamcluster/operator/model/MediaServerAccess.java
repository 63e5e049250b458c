package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.streamcluster.api.v1alpha1.PlaybackSpec;
import io.streamcluster.api.v1alpha1.PublishingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TokenSecretRefSpec;
import io.streamcluster.operator.model.Labels.Component;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may publish and who may play ({@code spec.publishing}, {@code spec.playback}) in origin and
 * edge pods. Publishers connect to origins only, so the publish token Secret and webhook go to the
 * origins; players connect to both, so the play token Secret and webhook go to origins and edges. A
 * token Secret is mounted as a directory holding its one key (not with {@code subPath}, so that the
 * kubelet updates the file when the Secret is edited) and passed as {@code --publish-secret-file} /
 * {@code --play-secret-file}; webhooks as {@code --publish-webhook-url} / {@code
 * --play-webhook-url}, with {@code --webhook-timeout-ms} and {@code --webhook-cache-seconds}.
 *
 * <p>The operator never reads the token Secrets: the kubelet mounts them. A Secret that does not
 * exist, or lacks the key, keeps the pods from starting, which their events say.
 *
 * <p>Without either field every method adds nothing.
 */
public final class MediaServerAccess {

  public static final String PUBLISH_TOKENS_VOLUME = "publish-tokens";
  public static final String PUBLISH_TOKENS_DIR = "/etc/streamcluster/publish-tokens";
  public static final String PLAY_TOKENS_VOLUME = "play-tokens";
  public static final String PLAY_TOKENS_DIR = "/etc/streamcluster/play-tokens";

  /** A Secret's name: a DNS subdomain (RFC 1123), as the API server checks it. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A key of a Secret's data, as the API server checks it. */
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private static final int MAX_SECRET_NAME = 253;

  /** A token Secret's key, mounted in {@code dir} through the volume {@code volume}. */
  record TokenSecret(String volume, String dir, String name, String key) {
    String file() {
      return dir + "/" + key;
    }
  }

  /** One kind of access check (publish or play): its token Secret and webhook, both optional. */
  private record Check(Optional<TokenSecret> tokens, Optional<URI> webhook) {
    static final Check NONE = new Check(Optional.empty(), Optional.empty());
  }

  private final Check publish;
  private final Check play;
  private final Optional<Integer> webhookTimeoutMs;
  private final Optional<Integer> webhookCacheSeconds;
  private final Optional<Integer> playWebhookTimeoutMs;
  private final Optional<Integer> playWebhookCacheSeconds;

  private MediaServerAccess(
      Check publish,
      Check play,
      Optional<Integer> webhookTimeoutMs,
      Optional<Integer> webhookCacheSeconds,
      Optional<Integer> playWebhookTimeoutMs,
      Optional<Integer> playWebhookCacheSeconds) {
    this.publish = publish;
    this.play = play;
    this.webhookTimeoutMs = webhookTimeoutMs;
    this.webhookCacheSeconds = webhookCacheSeconds;
    this.playWebhookTimeoutMs = playWebhookTimeoutMs;
    this.playWebhookCacheSeconds = playWebhookCacheSeconds;
  }

  /**
   * @throws InvalidSpecException when a token Secret reference has no valid name or key, a webhook
   *     URL is not an absolute http(s) URL, or publishing and playback set the webhook timeout or
   *     cache to different values (one origin runs both, with one setting of each)
   */
  public static MediaServerAccess fromCrd(StreamCluster cluster) {
    PublishingSpec publishing = cluster.getSpec().getPublishing();
    PlaybackSpec playback = cluster.getSpec().getPlayback();
    Check publish =
        publishing == null
            ? Check.NONE
            : new Check(
                tokens(
                    publishing.getTokenSecretRef(),
                    "spec.publishing.tokenSecretRef",
                    PUBLISH_TOKENS_VOLUME,
                    PUBLISH_TOKENS_DIR),
                webhook(publishing.getWebhookUrl(), "spec.publishing.webhookUrl"));
    Check play =
        playback == null
            ? Check.NONE
            : new Check(
                tokens(
                    playback.getTokenSecretRef(),
                    "spec.playback.tokenSecretRef",
                    PLAY_TOKENS_VOLUME,
                    PLAY_TOKENS_DIR),
                webhook(playback.getWebhookUrl(), "spec.playback.webhookUrl"));
    Optional<Integer> publishTimeout =
        Optional.ofNullable(publishing).map(PublishingSpec::getWebhookTimeoutMs);
    Optional<Integer> playTimeout =
        Optional.ofNullable(playback).map(PlaybackSpec::getWebhookTimeoutMs);
    Optional<Integer> publishCache =
        Optional.ofNullable(publishing).map(PublishingSpec::getWebhookCacheSeconds);
    Optional<Integer> playCache =
        Optional.ofNullable(playback).map(PlaybackSpec::getWebhookCacheSeconds);
    return new MediaServerAccess(
        publish,
        play,
        agreed(publishTimeout, playTimeout, "webhookTimeoutMs", 1),
        agreed(publishCache, playCache, "webhookCacheSeconds", 0),
        playTimeout,
        playCache);
  }

  private static Optional<TokenSecret> tokens(
      TokenSecretRefSpec ref, String field, String volume, String dir) {
    if (ref == null) {
      return Optional.empty();
    }
    String name = ref.getName() == null ? "" : ref.getName().strip();
    if (name.isEmpty()) {
      throw new InvalidSpecException(field + ".name is empty");
    }
    if (name.length() > MAX_SECRET_NAME || !SECRET_NAME.matcher(name).matches()) {
      throw new InvalidSpecException(
          field + ".name \"" + name + "\" is not a valid Secret name (RFC 1123 subdomain)");
    }
    String key = ref.getKey() == null ? TokenSecretRefSpec.DEFAULT_KEY : ref.getKey().strip();
    if (!SECRET_KEY.matcher(key).matches()) {
      throw new InvalidSpecException(
          field
              + ".key \""
              + key
              + "\" is not a valid Secret key (letters, digits, '-', '_', '.')");
    }
    return Optional.of(new TokenSecret(volume, dir, name, key));
  }

  /**
   * The webhook's URL, refused unless absolute http(s) with a host. The message does not repeat the
   * URL: a webhook's query string may carry a credential, and the message becomes a condition and
   * an Event anyone who reads the StreamCluster sees.
   */
  private static Optional<URI> webhook(String url, String field) {
    if (url == null) {
      return Optional.empty();
    }
    String text = url.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidSpecException(field + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidSpecException(field + " must be an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidSpecException(field + " has no host");
    }
    return Optional.of(uri);
  }

  private static Optional<Integer> agreed(
      Optional<Integer> publish, Optional<Integer> play, String field, int min) {
    if (publish.isPresent() && play.isPresent() && !Objects.equals(publish, play)) {
      throw new InvalidSpecException(
          "spec.publishing."
              + field
              + " ("
              + publish.get()
              + ") and spec.playback."
              + field
              + " ("
              + play.get()
              + ") differ, but an origin has one setting for both webhooks");
    }
    Optional<Integer> value = publish.or(() -> play);
    if (value.isPresent() && value.get() < min) {
      String spec = publish.isPresent() ? "spec.publishing." : "spec.playback.";
      throw new InvalidSpecException(spec + field + " must be at least " + min);
    }
    return value;
  }

  /** The publish token Secret, when publishing needs tokens. */
  public Optional<TokenSecret> publishTokens() {
    return publish.tokens();
  }

  /** The play token Secret, when playing needs tokens. */
  public Optional<TokenSecret> playTokens() {
    return play.tokens();
  }

  /** The media server's flags in a pod of {@code role}. */
  List<String> args(Component role) {
    List<String> args = new ArrayList<>();
    boolean origin = role == Component.ORIGIN;
    if (origin) {
      publish.tokens().ifPresent(t -> add(args, "--publish-secret-file", t.file()));
      publish.webhook().ifPresent(u -> add(args, "--publish-webhook-url", u.toString()));
    }
    play.tokens().ifPresent(t -> add(args, "--play-secret-file", t.file()));
    play.webhook().ifPresent(u -> add(args, "--play-webhook-url", u.toString()));
    // an edge asks only the play webhook, so only playback's settings apply to it
    Optional<Integer> timeout = origin ? webhookTimeoutMs : playWebhookTimeoutMs;
    Optional<Integer> cache = origin ? webhookCacheSeconds : playWebhookCacheSeconds;
    timeout.ifPresent(ms -> add(args, "--webhook-timeout-ms", Integer.toString(ms)));
    cache.ifPresent(s -> add(args, "--webhook-cache-seconds", Integer.toString(s)));
    return args;
  }

  /** The token Secrets' mounts in the container of a pod of {@code role}. */
  void addTo(ContainerBuilder container, Component role) {
    for (TokenSecret secret : secrets(role)) {
      container.addToVolumeMounts(
          new VolumeMountBuilder()
              .withName(secret.volume())
              .withMountPath(secret.dir())
              .withReadOnly(true)
              .build());
    }
  }

  /** The token Secrets' volumes in a pod of {@code role}: only their key, readable by the group. */
  void addTo(PodSpecBuilder pod, Component role) {
    for (TokenSecret secret : secrets(role)) {
      pod.addToVolumes(
          new VolumeBuilder()
              .withName(secret.volume())
              .withNewSecret()
              .withSecretName(secret.name())
              .addNewItem()
              .withKey(secret.key())
              .withPath(secret.key())
              .endItem()
              .withDefaultMode(0440)
              .endSecret()
              .build());
    }
  }

  private List<TokenSecret> secrets(Component role) {
    List<TokenSecret> secrets = new ArrayList<>();
    if (role == Component.ORIGIN) {
      publish.tokens().ifPresent(secrets::add);
    }
    play.tokens().ifPresent(secrets::add);
    return secrets;
  }

  private static void add(List<String> args, String flag, String value) {
    args.add(flag);
    args.add(value);
  }
}
