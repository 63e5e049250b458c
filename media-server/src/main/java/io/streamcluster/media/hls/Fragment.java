package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * One movie fragment, the unit of a CMAF chunk and of an HLS partial segment (ISO/IEC 14496-12
 * 8.8): {@code moof} ({@code mfhd}, and per track a {@code traf} with {@code tfhd}, {@code tfdt}
 * and {@code trun}) followed by the {@code mdat} holding the samples, video first. Sample data
 * offsets count from the start of the {@code moof} ({@code default-base-is-moof}).
 */
final class Fragment {

  private static final int DEFAULT_BASE_IS_MOOF = 0x020000;
  private static final int DATA_OFFSET = 0x000001;
  private static final int SAMPLE_DURATION = 0x000100;
  private static final int SAMPLE_SIZE = 0x000200;
  private static final int SAMPLE_FLAGS = 0x000400;
  private static final int COMPOSITION_OFFSETS = 0x000800;

  /** sample_depends_on = 2: an IDR picture. */
  private static final int SYNC_SAMPLE = 0x02000000;

  /** sample_depends_on = 1 and sample_is_non_sync_sample. */
  private static final int NON_SYNC_SAMPLE = 0x01010000;

  private Fragment() {}

  /**
   * Writes the fragment; the samples are read, not released. Either list may be empty, and its
   * track is then left out of the fragment.
   */
  static ByteBuf write(
      ByteBufAllocator alloc, long sequenceNumber, List<Sample> video, List<Sample> audio) {
    int videoBytes = bytes(video);
    int audioBytes = bytes(audio);
    int moofEstimate = 8 + 16 + 2 * (8 + 16 + 20 + 20) + video.size() * 16 + audio.size() * 8;
    BoxWriter box = new BoxWriter(alloc.directBuffer(moofEstimate + 8 + videoBytes + audioBytes));
    ByteBuf out = box.out();
    int moofStart = out.writerIndex();
    box.begin("moof");
    box.beginFull("mfhd", 0, 0).u32(sequenceNumber).end();
    int videoOffsetField = -1;
    int audioOffsetField = -1;
    if (!video.isEmpty()) {
      videoOffsetField = trackFragment(box, Tracks.VIDEO_TRACK_ID, video, true);
    }
    if (!audio.isEmpty()) {
      audioOffsetField = trackFragment(box, Tracks.AUDIO_TRACK_ID, audio, false);
    }
    box.end(); // moof
    int moofSize = out.writerIndex() - moofStart;
    if (videoOffsetField >= 0) {
      out.setInt(videoOffsetField, moofSize + 8);
    }
    if (audioOffsetField >= 0) {
      out.setInt(audioOffsetField, moofSize + 8 + videoBytes);
    }
    box.begin("mdat");
    for (Sample sample : video) {
      out.writeBytes(sample.data, sample.data.readerIndex(), sample.size());
    }
    for (Sample sample : audio) {
      out.writeBytes(sample.data, sample.data.readerIndex(), sample.size());
    }
    box.end();
    return out;
  }

  /** Writes one {@code traf}; returns where its data offset is to be filled in. */
  private static int trackFragment(
      BoxWriter box, int trackId, List<Sample> samples, boolean video) {
    box.begin("traf");
    box.beginFull("tfhd", 0, DEFAULT_BASE_IS_MOOF).u32(trackId).end();
    box.beginFull("tfdt", 1, 0).u64(samples.get(0).decodeTime).end();
    int flags = DATA_OFFSET | SAMPLE_DURATION | SAMPLE_SIZE;
    if (video) {
      flags |= SAMPLE_FLAGS | COMPOSITION_OFFSETS;
    }
    // Version 1: composition offsets are signed.
    box.beginFull("trun", video ? 1 : 0, flags).u32(samples.size());
    int offsetField = box.out().writerIndex();
    box.u32(0);
    for (Sample sample : samples) {
      box.u32(sample.duration).u32(sample.size());
      if (video) {
        box.u32(sample.sync ? SYNC_SAMPLE : NON_SYNC_SAMPLE).u32(sample.compositionOffset);
      }
    }
    box.end(); // trun
    box.end(); // traf
    return offsetField;
  }

  private static int bytes(List<Sample> samples) {
    int total = 0;
    for (Sample sample : samples) {
      total += sample.size();
    }
    return total;
  }
}
