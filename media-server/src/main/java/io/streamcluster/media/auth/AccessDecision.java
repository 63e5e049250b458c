package io.streamcluster.media.auth;

/**
 * Whether a publisher or player is accepted, and as whom.
 *
 * @param allowed whether it is accepted
 * @param refusal why not: a short word counted in {@code streamcluster_connections_refused_total}
 *     ({@code unauthorized}, {@code webhook_refused}, {@code webhook_unavailable}); null when
 *     allowed
 * @param reason why not, safe to log and to tell the client; null when allowed
 * @param identity who it is, when allowed: what a dropped publisher must prove again to take its
 *     waiting stream back (see {@link StreamAccess})
 */
public record AccessDecision(boolean allowed, String refusal, String reason, String identity) {

  public static AccessDecision allow(String identity) {
    return new AccessDecision(true, null, null, identity);
  }

  public static AccessDecision refuse(String refusal, String reason) {
    return new AccessDecision(false, refusal, reason, null);
  }
}
