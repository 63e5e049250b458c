package io.streamcluster.media.clusterapi;

import java.io.IOException;

/**
 * A cluster API call that reached the origin but did not get the answer the contract promises: a
 * status other than the expected ones, a body that does not read as the expected record, or a reply
 * to a signed call that the origin did not sign.
 */
public final class ClusterApiException extends IOException {

  private final int status;
  private final String body;
  private final boolean unsigned;

  ClusterApiException(String request, int status, String body) {
    super(request + " answered " + status + ": " + body.strip());
    this.status = status;
    this.body = body;
    this.unsigned = false;
  }

  ClusterApiException(String request, int status, String body, Throwable unreadable) {
    super(request + " answered " + status + " with an unreadable body", unreadable);
    this.status = status;
    this.body = body;
    this.unsigned = false;
  }

  /**
   * A reply to a signed call that does not carry the origin's signature for that call: an origin
   * without the cluster secret (or with another one), or an answer forged or replayed on the way.
   */
  static ClusterApiException unsignedReply(String request, int status, boolean missing) {
    return new ClusterApiException(
        request
            + " answered "
            + status
            + (missing
                ? " without the origin's signature (does it have the cluster secret?)"
                : " with a wrong or stale signature"),
        status);
  }

  private ClusterApiException(String message, int status) {
    super(message);
    this.status = status;
    this.body = "";
    this.unsigned = true;
  }

  /** The HTTP status the origin answered with. */
  public int status() {
    return status;
  }

  /** The body the origin answered with. */
  public String body() {
    return body;
  }

  /** Whether the answer was refused for not carrying the origin's signature for the call. */
  public boolean unsignedReply() {
    return unsigned;
  }

  /** Whether the status was the expected one but the body could not be read. */
  public boolean unreadableBody() {
    return getCause() != null;
  }
}
