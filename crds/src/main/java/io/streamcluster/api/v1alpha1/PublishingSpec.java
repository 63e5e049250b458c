package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Who may publish: the origins (where publishers connect) accept a stream key only with a token
 * signed by the referenced Secret, and/or only when a webhook allows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PublishingSpec {

  @JsonPropertyDescription(
      "The Secret whose secret(s) sign publish tokens; mounted into the origin pods, which then"
          + " accept a publisher only with a valid token in its stream key.")
  private TokenSecretRefSpec tokenSecretRef;

  @JsonPropertyDescription(
      "An http(s) URL the origins ask (POST, JSON) before they accept a publisher: 2xx allows,"
          + " anything else (or no answer in time) refuses.")
  private String webhookUrl;

  @Min(1)
  @JsonPropertyDescription(
      "How long the webhook may take before the request is refused, in milliseconds. The media"
          + " server has one such setting for both webhooks: where publishing and playback both"
          + " set it (origins run both), the values must agree. Default: 3000.")
  private Integer webhookTimeoutMs;

  @Min(0)
  @JsonPropertyDescription(
      "How long, in seconds, a webhook's answer is reused for the same request (0: never). One"
          + " setting for both webhooks, as webhookTimeoutMs. Default: 5.")
  private Integer webhookCacheSeconds;

  public TokenSecretRefSpec getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(TokenSecretRefSpec tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }

  public String getWebhookUrl() {
    return webhookUrl;
  }

  public void setWebhookUrl(String webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  public Integer getWebhookTimeoutMs() {
    return webhookTimeoutMs;
  }

  public void setWebhookTimeoutMs(Integer webhookTimeoutMs) {
    this.webhookTimeoutMs = webhookTimeoutMs;
  }

  public Integer getWebhookCacheSeconds() {
    return webhookCacheSeconds;
  }

  public void setWebhookCacheSeconds(Integer webhookCacheSeconds) {
    this.webhookCacheSeconds = webhookCacheSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublishingSpec that
        && Objects.equals(tokenSecretRef, that.tokenSecretRef)
        && Objects.equals(webhookUrl, that.webhookUrl)
        && Objects.equals(webhookTimeoutMs, that.webhookTimeoutMs)
        && Objects.equals(webhookCacheSeconds, that.webhookCacheSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokenSecretRef, webhookUrl, webhookTimeoutMs, webhookCacheSeconds);
  }
}
