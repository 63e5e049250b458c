package io.streamcluster.media.clusterapi;

import java.io.IOException;

/**
 * A cluster API call that reached the origin but did not get the answer the contract promises: a
 * status other than the expected ones, or a body that does not read as the expected record.
 */
public final class ClusterApiException extends IOException {

  private final int status;
  private final String body;

  ClusterApiException(String request, int status, String body) {
    super(request + " answered " + status + ": " + body.strip());
    this.status = status;
    this.body = body;
  }

  ClusterApiException(String request, int status, String body, Throwable unreadable) {
    super(request + " answered " + status + " with an unreadable body", unreadable);
    this.status = status;
    this.body = body;
  }

  /** The HTTP status the origin answered with. */
  public int status() {
    return status;
  }

  /** The body the origin answered with. */
  public String body() {
    return body;
  }

  /** Whether the status was the expected one but the body could not be read. */
  public boolean unreadableBody() {
    return getCause() != null;
  }
}
