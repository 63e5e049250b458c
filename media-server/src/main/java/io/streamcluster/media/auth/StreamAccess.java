package io.streamcluster.media.auth;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Who may publish, or who may play: the one check every protocol's endpoint asks before it accepts
 * a publisher or a player (RTMP publish and play, HTTP-FLV, HLS). It verifies the signed stream key
 * when a secret is configured, then asks the webhook when one is configured; with neither, everyone
 * is accepted.
 *
 * <p>The identity of an accepted client is, in this order: the subject its token names; the subject
 * the webhook's answer names; {@code "webhook"} (whoever the webhook accepts for the stream) when a
 * webhook decides; {@code "token"} (any holder of a valid token for the stream) when only tokens
 * are required; and, on an open server, the client's IP address. A stream whose publisher dropped
 * while players wait can be taken back only by a publisher of the same identity.
 */
public final class StreamAccess {

  /** The application every stream lives in. */
  public static final String APPLICATION = "live";

  private final StreamTokens.Purpose purpose;
  private final Optional<StreamTokens> tokens;
  private final Optional<AccessWebhook> webhook;

  public StreamAccess(
      StreamTokens.Purpose purpose,
      Optional<StreamTokens> tokens,
      Optional<AccessWebhook> webhook) {
    if (tokens.isPresent() && tokens.get().purpose() != purpose) {
      throw new IllegalArgumentException("tokens for " + tokens.get().purpose() + " given");
    }
    this.purpose = purpose;
    this.tokens = tokens;
    this.webhook = webhook;
  }

  /** Everyone may. */
  public static StreamAccess open(StreamTokens.Purpose purpose) {
    return new StreamAccess(purpose, Optional.empty(), Optional.empty());
  }

  public StreamTokens.Purpose purpose() {
    return purpose;
  }

  /** Whether anyone is checked at all. */
  public boolean isOpen() {
    return tokens.isEmpty() && webhook.isEmpty();
  }

  /**
   * {@link #check} for the client on {@code channel}, which reads nothing until the answer is in;
   * the answer is then handed to {@code then} on the channel's event loop, if the client is still
   * connected.
   */
  public void checkOnLoop(
      StreamKey key,
      String rawQuery,
      Channel channel,
      String protocol,
      Consumer<AccessDecision> then) {
    channel.config().setAutoRead(false);
    check(key, rawQuery, channel.remoteAddress(), protocol)
        .thenAccept(
            decision ->
                channel
                    .eventLoop()
                    .execute(
                        () -> {
                          channel.config().setAutoRead(true);
                          if (channel.isActive()) {
                            then.accept(decision);
                          }
                        }));
  }

  /**
   * Decides on a client; never completes exceptionally. Completes at once unless a webhook is
   * asked, then on the webhook client's threads: callers continue on their event loop.
   *
   * @param key the stream name and the query the client sent with it
   * @param rawQuery that query as sent, without the {@code ?} (empty when none)
   * @param client the client's address
   * @param protocol {@code rtmp}, {@code http-flv} or {@code hls}
   */
  public CompletableFuture<AccessDecision> check(
      StreamKey key, String rawQuery, SocketAddress client, String protocol) {
    String subject = null;
    if (tokens.isPresent()) {
      StreamTokens.Check check = tokens.get().verify(key.name(), key.query());
      if (!check.accepted()) {
        return CompletableFuture.completedFuture(
            AccessDecision.refuse("unauthorized", check.verdict().message(purpose)));
      }
      subject = check.subject();
    }
    String address = host(client);
    if (webhook.isPresent()) {
      return webhook
          .get()
          .ask(
              new AccessRequest(
                  purpose.word(),
                  protocol,
                  APPLICATION,
                  key.name(),
                  address,
                  rawQuery == null ? "" : rawQuery,
                  subject));
    }
    String identity =
        subject != null
            ? "subject:" + subject
            : tokens.isPresent() ? "token" : "address:" + address;
    return CompletableFuture.completedFuture(AccessDecision.allow(identity));
  }

  private static String host(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return String.valueOf(address);
  }
}
