package io.streamcluster.media.edge;

/**
 * Why an upstream pull ended.
 *
 * @param detail a short explanation for the logs (never a secret)
 */
public record UpstreamEnd(Reason reason, String detail) {

  public enum Reason {
    /** No connection or no RTMP session could be established with the origin. */
    UNREACHABLE,
    /** The origin answered that it has no such stream, or refused to play it. */
    NOT_FOUND,
    /** The origin's publisher went away (Play.Stop, Play.UnpublishNotify). */
    UNPUBLISHED,
    /** The connection broke or the origin fell silent. */
    LOST,
    /** This edge closed it. */
    CLOSED
  }

  public static UpstreamEnd of(Reason reason, String detail) {
    return new UpstreamEnd(reason, detail);
  }

  @Override
  public String toString() {
    return reason.name().toLowerCase().replace('_', ' ') + " (" + detail + ")";
  }
}
