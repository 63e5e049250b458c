package io.streamcluster.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The initialization section and the movie fragments, box by box (ISO/IEC 14496-12). */
class Fmp4WriterTest {

  private static final Tracks TRACKS =
      new Tracks(
          AvcConfig.parse(CodecVectors.AVC_1024X768),
          AacConfig.parse(CodecVectors.AAC_44100_STEREO));

  @Test
  void theInitSegmentHoldsBothTracksWithEmptySampleTablesAndFragmentDefaults() {
    ByteBuf init = InitSegment.write(PooledByteBufAllocator.DEFAULT, TRACKS);
    try {
      List<Box> top = Box.read(init);
      assertThat(top).extracting(Box::type).containsExactly("ftyp", "moov");
      Box moov = top.get(1);
      assertThat(moov.childTypes()).containsExactly("mvhd", "trak", "trak", "mvex");
      Box video = moov.all("trak").get(0);
      assertThat(video.childTypes()).containsExactly("tkhd", "mdia");
      Box stbl = video.child("mdia").child("minf").child("stbl");
      assertThat(stbl.childTypes()).containsExactly("stsd", "stts", "stsc", "stsz", "stco");
      assertThat(init.getInt(stbl.child("stts").payloadStart() + 4)).isZero();
      Box tkhd = video.child("tkhd");
      assertThat(init.getInt(tkhd.payloadStart() + 4 + 8)).as("track id").isEqualTo(1);
      assertThat(init.getInt(tkhd.start() + tkhd.size() - 8) >>> 16).isEqualTo(1024);
      assertThat(init.getInt(tkhd.start() + tkhd.size() - 4) >>> 16).isEqualTo(768);
      Box mdhd = video.child("mdia").child("mdhd");
      assertThat(init.getInt(mdhd.payloadStart() + 4 + 8)).as("timescale").isEqualTo(90_000);
      assertThat(ByteBufUtil.getBytes(init)).containsSubsequence(CodecVectors.AVC_1024X768);
      Box audio = moov.all("trak").get(1);
      Box audioMdhd = audio.child("mdia").child("mdhd");
      assertThat(init.getInt(audioMdhd.payloadStart() + 4 + 8)).isEqualTo(44_100);
      assertThat(init.toString(StandardCharsets.ISO_8859_1)).contains("mp4a", "esds", "soun");
      assertThat(moov.child("mvex").all("trex")).hasSize(2);
    } finally {
      init.release();
    }
  }

  @Test
  void aFragmentPointsEachTrackRunAtItsSamplesInTheMediaData() {
    List<Sample> video =
        List.of(
            sample(new byte[] {1, 1, 1}, 0, 3600, true),
            sample(new byte[] {2, 2}, 3600, 3600, false));
    List<Sample> audio = List.of(sample(new byte[] {9, 9, 9, 9}, 100, 1024, true));
    ByteBuf fragment = Fragment.write(PooledByteBufAllocator.DEFAULT, 7, video, audio);
    try {
      List<Box> top = Box.read(fragment);
      assertThat(top).extracting(Box::type).containsExactly("moof", "mdat");
      Box moof = top.get(0);
      assertThat(fragment.getInt(moof.child("mfhd").payloadStart() + 4)).isEqualTo(7);
      List<Box> trafs = moof.all("traf");
      assertThat(trafs).hasSize(2);
      assertThat(trafs.get(0).childTypes()).containsExactly("tfhd", "tfdt", "trun");

      Box videoRun = trafs.get(0).child("trun");
      int videoOffset = fragment.getInt(videoRun.payloadStart() + 8);
      assertThat(fragment.getInt(videoRun.payloadStart() + 4)).as("sample count").isEqualTo(2);
      assertThat(fragment.getByte(moof.start() + videoOffset)).isEqualTo((byte) 1);
      assertThat(fragment.getByte(moof.start() + videoOffset + 3)).isEqualTo((byte) 2);
      assertThat(fragment.getInt(videoRun.payloadStart() + 12 + 8))
          .as("first sample's flags: a sync sample")
          .isEqualTo(0x02000000);

      Box audioRun = trafs.get(1).child("trun");
      int audioOffset = fragment.getInt(audioRun.payloadStart() + 8);
      assertThat(fragment.getByte(moof.start() + audioOffset)).isEqualTo((byte) 9);
      Box tfdt = trafs.get(1).child("tfdt");
      assertThat(fragment.getLong(tfdt.payloadStart() + 4)).isEqualTo(100);
      assertThat(top.get(1).size()).isEqualTo(8 + 3 + 2 + 4);
    } finally {
      fragment.release();
      video.forEach(Sample::release);
      audio.forEach(Sample::release);
    }
  }

  @Test
  void aTrackWithoutSamplesIsLeftOutOfTheFragment() {
    List<Sample> audio = List.of(sample(new byte[] {5}, 0, 1024, true));
    ByteBuf fragment = Fragment.write(PooledByteBufAllocator.DEFAULT, 1, List.of(), audio);
    try {
      assertThat(Box.read(fragment).get(0).all("traf")).hasSize(1);
    } finally {
      fragment.release();
      audio.forEach(Sample::release);
    }
  }

  private static Sample sample(byte[] data, long decodeTime, int duration, boolean sync) {
    Sample sample = new Sample(Unpooled.wrappedBuffer(data), decodeTime, 0, sync);
    sample.duration = duration;
    return sample;
  }
}
