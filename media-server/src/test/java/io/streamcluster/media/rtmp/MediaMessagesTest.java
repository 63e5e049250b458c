package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.amf.Amf0Exception;
import io.streamcluster.media.stream.Publication;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Aggregates handed to a publication: every part released whatever happens, no nesting. */
class MediaMessagesTest {

  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final StreamRegistry registry =
      new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  @Test
  void aFailingPartReleasesThePartsAfterItToo() throws Exception {
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    ByteBuf tags = Unpooled.buffer();
    tag(tags, RtmpMessageType.VIDEO, new byte[] {0x17, 1, 0, 0, 0, 0x65});
    tag(tags, RtmpMessageType.DATA_AMF0, new byte[] {0x02, 0x00, 0x7F}); // a truncated string
    tag(tags, RtmpMessageType.AUDIO, new byte[] {(byte) 0xAF, 1, 0x21});
    RtmpMessage aggregate = new RtmpMessage(4, RtmpMessageType.AGGREGATE, 0, 1, tags);

    assertThatThrownBy(() -> MediaMessages.forward(publication, aggregate))
        .isInstanceOf(Amf0Exception.class);
    publication.close(); // lets go of the video part it took
    loop.runPendingTasks();

    assertThat(aggregate.refCnt()).as("only the caller's reference is left").isEqualTo(1);
    aggregate.release();
  }

  @Test
  void anAggregateInsideAnAggregateIsRefused() throws Exception {
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    ByteBuf inner = Unpooled.buffer();
    tag(inner, RtmpMessageType.VIDEO, new byte[] {0x17, 1, 0, 0, 0, 0x65});
    byte[] innerBytes = new byte[inner.readableBytes()];
    inner.readBytes(innerBytes).release();
    ByteBuf outer = Unpooled.buffer();
    tag(outer, RtmpMessageType.AGGREGATE, innerBytes);
    RtmpMessage aggregate = new RtmpMessage(4, RtmpMessageType.AGGREGATE, 0, 1, outer);

    assertThatThrownBy(() -> MediaMessages.forward(publication, aggregate))
        .isInstanceOfSatisfying(
            RtmpProtocolException.class, e -> assertThat(e.reason()).isEqualTo("nested_aggregate"));
    assertThat(aggregate.refCnt()).isEqualTo(1);
    aggregate.release();
    publication.close();
    loop.runPendingTasks();
  }

  private static void tag(ByteBuf out, int type, byte[] body) {
    out.writeByte(type).writeMedium(body.length).writeMedium(0).writeByte(0).writeMedium(0);
    out.writeBytes(body).writeInt(11 + body.length);
  }
}
