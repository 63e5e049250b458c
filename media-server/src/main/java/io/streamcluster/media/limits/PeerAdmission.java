package io.streamcluster.media.limits;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether a connection has been admitted: its publish or play was accepted (authorized, when the
 * server asks for that). Until then a peer is a stranger and gets the small bounds (what it may
 * make the server buffer, what may be queued for it); once admitted, the bounds of a publisher or a
 * player. Set on the channel's event loop by whoever admits it; read by the codecs and guards.
 */
public final class PeerAdmission {

  private static final AttributeKey<Boolean> ADMITTED =
      AttributeKey.valueOf(PeerAdmission.class, "admitted");

  private PeerAdmission() {}

  public static void admit(Channel channel) {
    channel.attr(ADMITTED).set(Boolean.TRUE);
  }

  public static boolean isAdmitted(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(ADMITTED).get());
  }
}
