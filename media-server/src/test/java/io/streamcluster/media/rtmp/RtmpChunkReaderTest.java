package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtmpChunkReaderTest {

  private final RtmpChunkReader reader =
      new RtmpChunkReader(64, RtmpChunks.MAX_MESSAGE_LENGTH, RtmpChunks.MAX_MESSAGE_LENGTH);

  @Test
  void readsAHeaderWholeOrNotAtAll() {
    ByteBuf header = new ChunkBytes().basicHeader(0, 400).build();
    header.writeMedium(0xFFFFFF).writeMedium(300).writeByte(RtmpMessageType.VIDEO);
    header.writeIntLE(1).writeInt(0x01000000);
    assertThat(header.readableBytes()).isEqualTo(RtmpChunkReader.MAX_HEADER_LENGTH);

    for (int length = 0; length < header.readableBytes(); length++) {
      ByteBuf prefix = header.slice(0, length);
      assertThat(reader.readHeader(prefix)).as("%d bytes", length).isNull();
      assertThat(prefix.readerIndex()).isZero();
    }
    InboundChunkStream stream = reader.readHeader(header);

    assertThat(header.isReadable()).isFalse();
    assertThat(stream.csid()).isEqualTo(400);
    assertThat(stream.typeId()).isEqualTo(RtmpMessageType.VIDEO);
    assertThat(stream.messageStreamId()).isEqualTo(1);
    assertThat(stream.timestamp()).isEqualTo(0x01000000L);
    assertThat(stream.messageLength()).isEqualTo(300);
    header.release();
  }

  @Test
  void saysWhereEachChunkAndMessageEnds() {
    ByteBuf bytes =
        new ChunkBytes().fmt0(4, 10, 300, RtmpMessageType.AUDIO, 1).fmt3(4).fmt3(4).build();

    InboundChunkStream stream = reader.readHeader(bytes);
    assertThat(reader.startsMessage()).isTrue();
    assertThat(reader.chunkBytesLeft()).isEqualTo(128);
    reader.payloadRead(100);
    reader.payloadRead(28);
    assertThat(stream.bytesMissing()).isEqualTo(172);

    assertThat(reader.readHeader(bytes)).isSameAs(stream);
    assertThat(reader.startsMessage()).isFalse();
    reader.payloadRead(128);

    reader.readHeader(bytes);
    assertThat(reader.chunkBytesLeft()).isEqualTo(44);
    reader.payloadRead(44);
    assertThat(stream.bytesMissing()).isZero();
    assertThat(stream.timestamp()).isEqualTo(10);
    bytes.release();
  }

  @Test
  void anAbortedMessageLeavesRoomForANewHeader() {
    ByteBuf bytes = new ChunkBytes().fmt0(6, 0, 300, RtmpMessageType.VIDEO, 1).build();
    InboundChunkStream stream = reader.readHeader(bytes);
    stream.partial(Unpooled.buffer(300));
    reader.payloadRead(128);
    ByteBuf abort = Unpooled.buffer(4).writeInt(6);
    ByteBuf next = new ChunkBytes().fmt1(6, 40, 2, RtmpMessageType.VIDEO).build();

    assertThat(reader.applyControl(RtmpMessageType.ABORT, abort)).isTrue();
    assertThat(stream.partial()).isNull();
    assertThat(reader.readHeader(next)).isSameAs(stream);
    assertThat(stream.timestamp()).isEqualTo(40);
    bytes.release();
    abort.release();
    next.release();
  }

  @Test
  void refusesAChunkSizeOutsideItsBound() {
    RtmpChunkReader small = new RtmpChunkReader(64, 1000, 4096);
    ByteBuf size = Unpooled.buffer(4).writeInt(4097);

    assertThatThrownBy(() -> small.applyControl(RtmpMessageType.SET_CHUNK_SIZE, size))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessage("chunk size 4097 outside 1..4096");
    assertThat(small.chunkSize()).isEqualTo(RtmpChunks.DEFAULT_CHUNK_SIZE);
    size.release();
  }
}
