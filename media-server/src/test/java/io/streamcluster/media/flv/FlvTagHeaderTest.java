package io.streamcluster.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class FlvTagHeaderTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void readsBackWhatItWritesWithTheTimestampsHighByteInTheExtension() {
    ByteBuf out = alloc.buffer();
    try {
      out.writeZero(3); // a header is read where it stands, not only at the start
      FlvTagHeader.write(out, FlvTagHeader.VIDEO, 0x012345, 0x9A000050L);

      assertThat(out.readableBytes()).isEqualTo(3 + FlvTagHeader.BYTES);
      assertThat(ByteBufUtil.hexDump(out, 3, FlvTagHeader.BYTES))
          .isEqualTo("090123450000509a000000");
      assertThat(FlvTagHeader.tagType(out, 3)).isEqualTo(FlvTagHeader.VIDEO);
      assertThat(FlvTagHeader.bodySize(out, 3)).isEqualTo(0x012345);
      assertThat(FlvTagHeader.timestamp(out, 3)).isEqualTo(0x9A000050L);
    } finally {
      out.release();
    }
  }

  @Test
  void theTagTypeLeavesTheFilterAndReservedBitsOut() {
    ByteBuf out = alloc.buffer();
    try {
      FlvTagHeader.write(out, 0xE0 | FlvTagHeader.AUDIO, 4, 0);

      assertThat(FlvTagHeader.tagType(out, 0)).isEqualTo(FlvTagHeader.AUDIO);
    } finally {
      out.release();
    }
  }

  @Test
  void theFileHeaderHasTheSignatureAndTheFirstTagRightAfterIt() {
    ByteBuf header = FlvTagFormat.fileHeader(alloc);
    try {
      assertThat(ByteBufUtil.hexDump(header)).isEqualTo("464c56010500000009" + "00000000");
      assertThat(FlvFileHeader.hasSignature(header, 0)).isTrue();
      assertThat(FlvFileHeader.dataOffset(header, 0)).isEqualTo(FlvFileHeader.BYTES);
      assertThat(FlvFileHeader.hasSignature(header, 1)).isFalse();
    } finally {
      header.release();
    }
  }
}
