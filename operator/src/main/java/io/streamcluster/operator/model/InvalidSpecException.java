package io.streamcluster.operator.model;

/**
 * A StreamCluster spec the API server accepted but the operator cannot carry out. It becomes a
 * condition and an event on the resource, and is not retried until the spec changes.
 */
public class InvalidSpecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String message) {
    super(message);
  }

  public InvalidSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
