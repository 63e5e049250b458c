package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtmpHandshakeHandlerTest {

  // The well-known keys, spelled out again here so the test checks the handler independently.
  private static final byte[] KEY_SUFFIX =
      HexFormat.of().parseHex("f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae");
  private static final byte[] FP_KEY_TEXT =
      "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FMS_KEY_TEXT =
      "Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII);

  private final Random random = new Random(3);
  private final Recorder next = new Recorder();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new RtmpHandshakeHandler(Duration.ofSeconds(10)), next);

  @AfterEach
  void closeChannel() {
    channel.finishAndReleaseAll();
    next.release();
  }

  @Test
  void answersASimpleC1WithAZeroVersionS1AndAnEchoingS2() {
    byte[] c1 = randomBytes(1536);
    Arrays.fill(c1, 4, 8, (byte) 0);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}, c1));

    byte[] response = Received.drainOutbound(channel);
    assertThat(response).hasSize(1 + 2 * 1536);
    assertThat(response[0]).isEqualTo((byte) 3);
    assertThat(Arrays.copyOfRange(response, 5, 9)).containsOnly(0);
    assertThat(Arrays.copyOfRange(response, 1 + 1536, response.length)).isEqualTo(c1);
    assertThat(next.events).isEmpty();

    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(response, 1, 1 + 1536)));
    assertCompleted();
  }

  @Test
  void answersADigestC1WithAServerDigestAndASignedS2AtEitherScheme() throws Exception {
    for (int base : new int[] {8, 772}) {
      EmbeddedChannel digestChannel =
          new EmbeddedChannel(new RtmpHandshakeHandler(Duration.ofSeconds(10)));
      byte[] c1 = digestC1(base);
      digestChannel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}, c1));
      byte[] response = Received.drainOutbound(digestChannel);
      digestChannel.finishAndReleaseAll();

      assertThat(response).hasSize(1 + 2 * 1536);
      byte[] s1 = Arrays.copyOfRange(response, 1, 1 + 1536);
      byte[] s2 = Arrays.copyOfRange(response, 1 + 1536, response.length);
      assertThat(Arrays.copyOfRange(s1, 4, 8)).as("S1 version").isNotEqualTo(new byte[4]);
      assertThat(s1[4] & 0xFF)
          .as("ffmpeg checks the server digest from version 3 on")
          .isGreaterThanOrEqualTo(3);
      // ffmpeg looks at the base-772 position first, then base 8; one of them must validate
      assertThat(validDigestAt(s1, 772, FMS_KEY_TEXT) || validDigestAt(s1, 8, FMS_KEY_TEXT))
          .as("S1 digest under the Genuine FMS key, scheme %d", base)
          .isTrue();
      assertThat(validDigestAt(s1, base, FMS_KEY_TEXT)).as("same scheme as C1").isTrue();

      int clientOffset = offset(c1, base);
      byte[] key =
          hmac(
              concat(FMS_KEY_TEXT, KEY_SUFFIX),
              Arrays.copyOfRange(c1, clientOffset, clientOffset + 32));
      byte[] signature = hmac(key, Arrays.copyOf(s2, 1504));
      assertThat(Arrays.copyOfRange(s2, 1504, 1536)).as("S2 signature").isEqualTo(signature);
    }
  }

  @Test
  void fallsBackToTheSimpleHandshakeWhenC1HasAVersionButNoValidDigest() {
    byte[] c1 = randomBytes(1536);
    c1[4] = 9;
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}, c1));

    byte[] response = Received.drainOutbound(channel);
    assertThat(Arrays.copyOfRange(response, 5, 9)).containsOnly(0);
    assertThat(Arrays.copyOfRange(response, 1 + 1536, response.length)).isEqualTo(c1);
  }

  @Test
  void passesBytesThatArriveAfterC2ToTheNextHandler() {
    byte[] c1 = randomBytes(1536);
    Arrays.fill(c1, 4, 8, (byte) 0);
    byte[] c2 = randomBytes(1536);
    byte[] chunks = randomBytes(700);
    // everything in one read, split so that C0+C1 and the start of C2 share a buffer
    byte[] all = concat(concat(new byte[] {3}, c1), concat(c2, chunks));
    channel.writeInbound(Unpooled.wrappedBuffer(all, 0, 2000));
    channel.writeInbound(Unpooled.wrappedBuffer(all, 2000, all.length - 2000));

    assertCompleted();
    assertThat(next.bytes()).isEqualTo(chunks);
    Received.drainOutbound(channel);
  }

  @Test
  void firesTheCompletionEventBeforeTheBytesThatFollowC2() {
    byte[] c1 = new byte[1536];
    channel.writeInbound(
        Unpooled.wrappedBuffer(new byte[] {3}, c1, new byte[1536], new byte[] {42}));

    assertThat(next.order).containsExactly("event", "bytes");
    Received.drainOutbound(channel);
  }

  @Test
  void refusesAnotherRtmpVersionAndClosesAtItsFirstByte() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G', 'E', 'T', ' '}));

    assertClosedWithoutAnswer();
  }

  @Test
  void refusesEncryptedRtmp() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {6}));

    assertClosedWithoutAnswer();
  }

  @Test
  void closesAConnectionThatDoesNotFinishTheHandshakeInTime() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0, 0}));
    channel.advanceTimeBy(9, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();

    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertClosedWithoutAnswer();
  }

  @Test
  void cancelsTheTimeoutOnceTheHandshakeIsDone() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}, new byte[1536], new byte[1536]));
    Received.drainOutbound(channel);
    channel.advanceTimeBy(1, TimeUnit.MINUTES);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void completesAgainstTheClientHandshakeHandler() {
    Recorder clientNext = new Recorder();
    EmbeddedChannel client =
        new EmbeddedChannel(new RtmpClientHandshakeHandler(Duration.ofSeconds(10)), clientNext);
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(Received.drainOutbound(client))); // C0 C1
      byte[] s0s1s2 = Received.drainOutbound(channel);
      byte[] serverChunks = randomBytes(10);
      client.writeInbound(Unpooled.wrappedBuffer(s0s1s2, serverChunks));
      byte[] c2 = Received.drainOutbound(client);
      assertThat(c2).isEqualTo(Arrays.copyOfRange(s0s1s2, 1, 1 + 1536));
      byte[] clientChunks = randomBytes(20);
      channel.writeInbound(Unpooled.wrappedBuffer(c2, clientChunks));

      assertCompleted();
      assertThat(next.bytes()).isEqualTo(clientChunks);
      assertThat(client.pipeline().get(RtmpClientHandshakeHandler.class)).isNull();
      assertThat(clientNext.order).containsExactly("event", "bytes");
      assertThat(clientNext.bytes()).isEqualTo(serverChunks);
    } finally {
      client.finishAndReleaseAll();
      clientNext.release();
    }
  }

  @Test
  void clientClosesWhenTheServerAnswersWithAnotherVersion() {
    EmbeddedChannel client =
        new EmbeddedChannel(new RtmpClientHandshakeHandler(Duration.ofSeconds(10)));
    Received.drainOutbound(client);
    client.writeInbound(Unpooled.wrappedBuffer(new byte[] {6}));
    client.runPendingTasks();

    assertThat(client.isOpen()).isFalse();
    client.finishAndReleaseAll();
  }

  private void assertCompleted() {
    assertThat(channel.pipeline().get(RtmpHandshakeHandler.class)).isNull();
    assertThat(next.events).containsExactly(RtmpHandshakeCompleted.INSTANCE);
    assertThat(channel.isOpen()).isTrue();
  }

  private void assertClosedWithoutAnswer() {
    channel.runPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(Received.drainOutbound(channel)).isEmpty();
    assertThat(next.events).isEmpty();
    assertThat(next.bytes()).isEmpty();
  }

  /** C1 as a Flash Player 9+ client builds it. */
  private byte[] digestC1(int base) throws Exception {
    byte[] c1 = randomBytes(1536);
    c1[0] = c1[1] = c1[2] = c1[3] = 0;
    c1[4] = 9;
    c1[5] = 0;
    c1[6] = 124;
    c1[7] = 2;
    int offset = offset(c1, base);
    System.arraycopy(digestAround(c1, offset, FP_KEY_TEXT), 0, c1, offset, 32);
    return c1;
  }

  private static boolean validDigestAt(byte[] packet, int base, byte[] key) {
    int offset = offset(packet, base);
    return Arrays.equals(
        digestAround(packet, offset, key), Arrays.copyOfRange(packet, offset, offset + 32));
  }

  private static int offset(byte[] packet, int base) {
    int sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += packet[base + i] & 0xFF;
    }
    return base + 4 + sum % 728;
  }

  private static byte[] digestAround(byte[] packet, int offset, byte[] key) {
    byte[] message =
        concat(Arrays.copyOf(packet, offset), Arrays.copyOfRange(packet, offset + 32, 1536));
    return hmac(key, message);
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Stands in for the chunk decoder: records what the handshake hands on. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    final List<String> order = new ArrayList<>();
    private final ByteBuf received = Unpooled.buffer();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
      order.add("event");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      received.writeBytes(bytes);
      bytes.release();
      order.add("bytes");
    }

    byte[] bytes() {
      byte[] copy = new byte[received.readableBytes()];
      received.getBytes(received.readerIndex(), copy);
      return copy;
    }

    void release() {
      if (received.refCnt() > 0) {
        received.release();
      }
    }
  }
}
