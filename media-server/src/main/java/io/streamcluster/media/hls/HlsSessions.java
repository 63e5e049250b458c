package io.streamcluster.media.hls;

import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HLS players of one stream. A player holds no connection, so it counts while its session is
 * seen: the multivariant playlist gives each player a session id in its media playlist's URI, which
 * it then reloads at least once per target duration (a low-latency player once per part); a session
 * not seen for the time to live has left. Only touched on its stream's event loop.
 */
final class HlsSessions {

  private final long ttlNanos;
  private final Map<String, Long> lastSeen = new HashMap<>();

  HlsSessions(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  /** A new session, counted from now. */
  String open(long nowNanos) {
    String id = newId();
    lastSeen.put(id, nowNanos);
    return id;
  }

  /** Whether the session is counted now. */
  boolean isKnown(String id) {
    return lastSeen.containsKey(id);
  }

  /** The session was seen; an id not known (expired, or from another server) counts again. */
  void seen(String id, long nowNanos) {
    lastSeen.put(id, nowNanos);
  }

  /** Forgets the sessions not seen within the time to live; returns how many remain. */
  int expire(long nowNanos) {
    Iterator<Long> seen = lastSeen.values().iterator();
    while (seen.hasNext()) {
      if (nowNanos - seen.next() > ttlNanos) {
        seen.remove();
      }
    }
    return lastSeen.size();
  }

  int count() {
    return lastSeen.size();
  }

  /** 96 random bits, URL-safe: not a secret, only an id. */
  private static String newId() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether a session id from a URI has the form this class gives out. */
  static boolean isWellFormed(String id) {
    if (id == null || id.length() != 16) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_') || c > 127) {
        return false;
      }
    }
    return true;
  }
}
