package io.streamcluster.media.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP pipeline's bounds: clocks, sizes, one player per connection, CORS for GET only. */
class HttpPipelineTest {

  private static final HttpLimits LIMITS =
      HttpLimits.builder()
          .headerTimeout(Duration.ofSeconds(2))
          .idleTimeout(Duration.ofSeconds(5))
          .maxHeaderBytes(1024)
          .build();

  private final List<String> refusals = new ArrayList<>();
  private final HttpRoutes routes =
      new HttpRoutes()
          .exact(
              HttpMethod.GET,
              "/healthz",
              (ctx, req, uri) ->
                  HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, "ok\n", true))
          .exact(
              HttpMethod.POST,
              "/api",
              (ctx, req, uri) ->
                  HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, "done\n", true))
          .exact(HttpMethod.GET, "/player", (ctx, req, uri) -> HttpPlayer.claim(ctx.channel()));
  private final EmbeddedChannel client =
      new EmbeddedChannel(
          new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new HttpServerInitializer(routes, LIMITS, refusals::add));
            }
          });

  @AfterEach
  void close() {
    client.finishAndReleaseAll();
  }

  @Test
  void aRequestHeadNotFinishedWithinTheHeaderTimeoutClosesTheConnection() {
    send("GET /healthz HTTP/1.1\r\nHost: a\r\n");
    client.advanceTimeBy(1, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    assertThat(client.isOpen()).isTrue();

    client.advanceTimeBy(2, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();

    assertThat(client.isOpen()).isFalse();
    assertThat(refusals).containsExactly("http_header_timeout");
  }

  @Test
  void aKeptAliveConnectionWithoutANextRequestIsClosedAfterTheIdleTimeout() {
    send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(responses()).hasSize(1);
    client.advanceTimeBy(4, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    assertThat(client.isOpen()).as("the idle clock, not the header clock, runs").isTrue();

    client.advanceTimeBy(2, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();

    assertThat(client.isOpen()).isFalse();
    assertThat(refusals).containsExactly("http_idle_timeout");
  }

  @Test
  void headersOverTheLimitAreAnswered431AndCounted() {
    send("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");

    assertThat(responses()).singleElement().asString().startsWith("HTTP/1.1 431");
    assertThat(refusals).containsExactly("http_request_too_large");
  }

  @Test
  void aRequestAfterAPlaybackRequestOnTheSameConnectionIsRefused() {
    send("GET /player HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(client.isOpen()).isFalse();
    assertThat(refusals).containsExactly("pipelined_request");
  }

  @Test
  void answersToGetCarryCorsAndOthersDoNot() {
    send("GET /healthz HTTP/1.1\r\nHost: a\r\nOrigin: http://page\r\n\r\n");
    send("POST /api HTTP/1.1\r\nHost: a\r\nOrigin: http://page\r\nContent-Length: 0\r\n\r\n");

    List<String> answers = responses();
    assertThat(answers.get(0)).contains("access-control-allow-origin: *");
    assertThat(answers.get(0)).doesNotContainIgnoringCase("credentials").doesNotContain("POST");
    assertThat(answers.get(1)).doesNotContainIgnoringCase("access-control");
  }

  @Test
  void aPreflightIsAnsweredForGetAndRefusedForPost() {
    send(
        "OPTIONS /live/cam.flv HTTP/1.1\r\nHost: a\r\nOrigin: http://page\r\n"
            + "Access-Control-Request-Method: GET\r\n\r\n");
    send(
        "OPTIONS /api HTTP/1.1\r\nHost: a\r\nOrigin: http://page\r\n"
            + "Access-Control-Request-Method: POST\r\n\r\n");

    List<String> answers = responses();
    assertThat(answers.get(0)).startsWith("HTTP/1.1 204").contains("GET, HEAD, OPTIONS");
    assertThat(answers.get(1))
        .startsWith("HTTP/1.1 403")
        .doesNotContainIgnoringCase("access-control");
  }

  private void send(String request) {
    client.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    client.runPendingTasks();
  }

  /** What was written, one string per response. */
  private List<String> responses() {
    List<String> answers = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (Object message; (message = client.readOutbound()) != null; ) {
      ByteBuf bytes = (ByteBuf) message;
      String text = bytes.toString(StandardCharsets.US_ASCII);
      ReferenceCountUtil.release(message);
      if (text.startsWith("HTTP/1.1 ") && current.length() > 0) {
        answers.add(current.toString());
        current.setLength(0);
      }
      current.append(text);
    }
    if (current.length() > 0) {
      answers.add(current.toString());
    }
    return answers;
  }
}
